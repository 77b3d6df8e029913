/**
 * Words of other languages that analysts mix into requests ("Wie viele Alerts … gestern",
 * "alertas de severidad alta de hoy", "derniers 7 jours"), read as the English words the planner
 * knows. Same form as the shorthand table: whole words or short phrases, matched case-insensitively
 * outside quotes, longest first. Only words that are not also English words are listed ("die",
 * "den", "con", "de", "sin", "solo", "pour", "mars" are left alone), so an English request never changes; the values an
 * analyst quotes ("'Rechnung offen'") are never touched.
 *
 * Grouped by what they carry: counting and showing, time, the catalog's objects and states, the
 * verbs of writes, and the small words that join them (so the readers' phrase patterns still match:
 * "zuweisen an X" → "assign to X").
 */
import type { Shorthand } from "./shorthand.js";

const entry = (forms: string[], expansion: string): Shorthand => ({ forms, expansion });

export const FOREIGN: readonly Shorthand[] = [
  // Counting and showing.
  entry(["wie viele", "wieviele", "wie viel", "cuántos", "cuántas", "cuantos", "cuantas", "combien de", "combien", "ile"], "how many"),
  entry(["zeig mir", "zeige mir", "zeig", "zeige", "anzeigen", "zeigen", "muéstrame", "muestrame", "muestra", "mostrar", "montre-moi", "montrer", "afficher", "pokaż", "pokaz"], "show"),
  // Time: days, units and their leads.
  entry(["vorgestern"], "the day before yesterday"),
  entry(["gestern", "ayer", "hier", "wczoraj"], "yesterday"),
  entry(["heute", "hoy", "aujourd'hui", "dzisiaj", "dziś"], "today"),
  entry(["letzte", "letzten", "letzter", "letztes", "vergangene", "vergangenen", "últimos", "últimas", "ultimos", "ultimas", "último", "última", "derniers", "dernières", "dernieres", "dernier", "dernière", "ostatnich", "ostatnie", "ostatni"], "last"),
  entry(["stunde", "stunden", "horas", "heures", "godzin", "godziny", "godzinach"], "hours"),
  entry(["tage", "tagen", "días", "dias", "jours", "dni", "dniach"], "days"),
  entry(["woche", "wochen", "semana", "semanas", "semaines", "tygodni", "tygodnie"], "weeks"),
  entry(["minuten", "minutos"], "minutes"),
  entry(["monat", "monate", "monaten", "meses", "mois"], "months"),
  entry(["seit dem", "seit", "desde", "depuis"], "since"),
  entry(["bis zum", "hasta"], "until"),
  entry(["januar", "enero", "janvier"], "january"),
  entry(["februar", "febrero", "février", "fevrier"], "february"),
  entry(["märz", "maerz", "marzo"], "march"),
  entry(["abril", "avril"], "april"),
  entry(["mai", "mayo"], "may"),
  entry(["juni", "junio", "juin"], "june"),
  entry(["juli", "julio", "juillet"], "july"),
  entry(["agosto", "août", "aout"], "august"),
  entry(["septiembre", "septembre"], "september"),
  entry(["oktober", "octubre", "octobre"], "october"),
  entry(["noviembre", "novembre"], "november"),
  entry(["dezember", "diciembre", "décembre", "decembre"], "december"),
  // The catalog's objects.
  entry(["alertas", "alertes", "warnungen", "alerty"], "alerts"),
  entry(["alerta", "alerte"], "alert"),
  entry(["vorfälle", "vorfaelle", "incidentes", "incydenty"], "incidents"),
  entry(["vorfall", "incidente", "incydent"], "incident"),
  entry(["geräte", "geraete", "dispositivos", "appareils", "urządzeniach", "urządzenia", "urzadzenia"], "devices"),
  entry(["gerät", "geraet", "dispositivo", "appareil", "urządzenie"], "device"),
  entry(["benutzer", "usuario", "utilisateur", "użytkownik", "uzytkownik"], "user"),
  entry(["usuarios", "utilisateurs", "użytkownicy", "użytkowników"], "users"),
  entry(["anmeldungen", "inicios de sesión", "inicios de sesion", "logowania"], "sign-ins"),
  entry(["anmeldung", "inicio de sesión", "inicio de sesion", "logowanie"], "sign-in"),
  entry(["einträge", "eintraege", "ereignisse", "eventos", "événements", "evenements"], "entries"),
  entry(["tabelle", "tabla"], "table"),
  entry(["spalte", "columna", "colonne"], "column"),
  entry(["betreff", "asunto"], "subject"),
  entry(["aktionen", "acciones"], "actions"),
  entry(["wert", "valeur"], "value"),
  entry(["schweregrad", "severidad", "gravité", "gravite"], "severity"),
  // States and levels.
  entry(["hoch", "hohe", "hoher", "hohen", "alta", "altas", "élevée", "elevee", "élevé", "wysoki", "wysokie"], "high"),
  entry(["mittel", "mittlere", "moyenne"], "medium"),
  entry(["niedrig", "niedrige", "baja", "bajas", "faible"], "low"),
  entry(["neue", "neuen", "neu", "nuevas", "nuevos", "nueva", "nouvelles", "nouveaux"], "new"),
  entry(["offen", "offene", "offenen", "abiertas", "abiertos", "ouvertes", "ouverts"], "open"),
  entry(["gelöst", "geloest", "erledigt", "resueltas", "resueltos", "resuelta", "resuelto", "résolues", "resolues"], "resolved"),
  entry(["fehlgeschlagene", "fehlgeschlagenen", "fehlgeschlagen", "fallidos", "fallidas", "fallido", "échouées", "echouees", "nieudane"], "failed"),
  entry(["warnung"], "warning"),
  entry(["gelöscht", "geloescht", "eliminado", "eliminada", "supprimé", "supprime"], "deleted"),
  entry(["erstellt", "creado", "creada", "créé"], "created"),
  entry(["angekommen", "empfangen", "recibidos", "recibidas", "reçus"], "received"),
  entry(["kommuniziert", "comunicado", "communiqué"], "communicated"),
  entry(["ausgeführt", "ausgefuehrt", "ejecutado", "exécuté", "uruchomiony", "uruchomione"], "run"),
  // The verbs of writes.
  entry(["zuweisen an", "zuweisen", "asignar a", "asignar", "assigner à", "assigner a", "assigner"], "assign to"),
  entry(["zugewiesen an", "zugewiesen", "asignado a", "asignadas a", "asignados a"], "assigned to"),
  entry(["ausschalten", "abschalten", "deaktivieren", "deaktiviere", "schalte", "schalten", "desactivar", "desactiva", "désactiver", "desactiver", "wyłącz", "wylacz"], "disable"),
  entry(["schließen", "schliessen", "schließe", "cerrar", "cierra", "fermer"], "close"),
  // Small words that join the others.
  entry(["bitte", "por favor", "s'il vous plaît", "s'il vous plait", "proszę", "prosze"], "please"),
  entry(["und", "y también"], "and"),
  entry(["mit", "avec"], "with"),
  entry(["ohne"], "without"),
  entry(["von", "vom", "aus dem"], "from"),
  entry(["alle", "allen", "todas", "todos", "toutes", "tous", "wszystkie"], "all"),
  entry(["welche", "welcher", "welches", "cuáles", "cuales", "quels", "quelles", "które", "których", "ktore", "ktorych"], "which"),
  entry(["sind", "wurden", "están", "estan", "sont"], "are"),
  entry(["wurde", "fue", "était", "etait", "był", "byl"], "was"),
  entry(["haben"], "have"),
  entry(["noch", "todavía", "todavia"], "still"),
  entry(["nicht"], "not"),
  entry(["nur", "seulement", "tylko"], "only"),
  entry(["auf"], "to"),
  entry(["der", "dem"], "the"),
  entry(["für", "fuer", "dla"], "for"),
  entry(["ich brauche", "necesito", "j'ai besoin de"], "I need"),
  // Japanese writes no spaces: its words are read with spaces around them.
  entry(["サインイン"], " sign-ins "),
  entry(["失敗"], " failed "),
  entry(["アラート"], " alerts "),
  entry(["インシデント"], " incidents "),
  entry(["ユーザー"], " user "),
  entry(["デバイス", "端末"], " devices "),
  entry(["見せて", "表示して", "表示"], " show "),
  entry(["何件", "件数"], " how many "),
  entry(["過去"], " last "),
  entry(["時間"], " hours "),
  entry(["日間"], " days "),
];
