/**
 * Serving over stdio: newline-delimited JSON-RPC, as the SDK's StdioServerTransport reads it, plus
 * what that transport leaves out. A line that is not JSON is answered −32700; a line that is JSON
 * but not a JSON-RPC message is answered −32600 with one line, and with the request's id whenever
 * it carries one (`{"id": 7, "method": "ping", "params": null}` gets `"id": 7` back), where the
 * SDK's transport only reports a zod error and answers nothing the client can match.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";
import { invalidRequestReply } from "./request-errors.js";

/**
 * The longest line read, as the SDK's limit; a longer one is answered with an error and the
 * transport then closes (a guard against unbounded memory, not a normal failure).
 */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

type Reply = { jsonrpc: "2.0"; id?: string | number; error: { code: number; message: string } };

/** Newline-delimited JSON-RPC over a readable stream and a text sink. */
export class LineTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly write: (text: string) => void,
    private readonly maxBytes = STDIO_MAX_MESSAGE_BYTES,
  ) {}

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (let newline = data.indexOf(0x0a); newline !== -1 && !this.closed; newline = data.indexOf(0x0a)) {
      const bytes = this.pendingBytes + newline;
      const line = bytes > this.maxBytes ? null : Buffer.concat([...this.pending, data.subarray(0, newline)]).toString("utf8");
      this.pending = [];
      this.pendingBytes = 0;
      data = data.subarray(newline + 1);
      if (line === null) return this.tooLarge();
      this.receive(line.endsWith("\r") ? line.slice(0, -1) : line);
    }
    if (this.closed || data.length === 0) return;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes > this.maxBytes) this.tooLarge();
  };

  private readonly onStreamError = (error: Error): void => this.onerror?.(error);

  private reply(reply: Reply, fault: string): void {
    this.onerror?.(new Error(fault));
    this.write(`${JSON.stringify(reply)}\n`);
  }

  private tooLarge(): void {
    const message = `Invalid Request: message larger than ${this.maxBytes} bytes`;
    this.reply({ jsonrpc: "2.0", error: { code: ErrorCode.InvalidRequest, message } }, message);
    void this.close();
  }

  private receive(line: string): void {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const message = `Parse error: ${(e as Error).message}`;
      return this.reply({ jsonrpc: "2.0", error: { code: ErrorCode.ParseError, message } }, message);
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const reply = invalidRequestReply(value);
      return this.reply(reply, reply.error.message);
    }
    this.onmessage?.(parsed.data);
  }

  start(): Promise<void> {
    this.input.on("data", this.onData);
    this.input.on("error", this.onStreamError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.closed) this.write(`${JSON.stringify(message)}\n`);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("error", this.onStreamError);
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.pending = [];
    this.onclose?.();
    return Promise.resolve();
  }
}

/** Connects and resolves when the client hangs up (stdin ends) or the server is closed. */
export async function serveStdio(server: Server, stdin: NodeJS.ReadableStream, stdout: (text: string) => void, logger: Logger): Promise<void> {
  const transport = new LineTransport(stdin, stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  server.onerror = (error) => logger.warn("protocol error", { error: error.message.split("\n")[0] });
  await server.connect(transport);
  const hangUp = () => void server.close();
  stdin.once("end", hangUp);
  stdin.once("close", hangUp);
  await closed;
}
