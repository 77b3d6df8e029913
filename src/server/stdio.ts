/**
 * Serving over stdio with the SDK's transport, plus the one thing it leaves out: a line that is
 * not JSON-RPC is answered with a JSON-RPC error (no id: the id is unknowable) instead of silence.
 */
import { Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ErrorCode, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";

/**
 * The SDK's read buffer limit for one line; a longer line is answered with an error and the SDK
 * then closes the transport (a guard against unbounded memory, not a normal failure).
 */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function protocolFault(error: Error): { code: number; message: string } | null {
  if (error instanceof SyntaxError) return { code: ErrorCode.ParseError, message: `Parse error: ${error.message}` };
  if (error.name === "ZodError") return { code: ErrorCode.InvalidRequest, message: "Invalid Request: not a JSON-RPC 2.0 message" };
  if (/ReadBuffer exceeded/.test(error.message)) return { code: ErrorCode.InvalidRequest, message: `Invalid Request: message larger than ${STDIO_MAX_MESSAGE_BYTES} bytes` };
  return null;
}

/** Connects and resolves when the client hangs up (stdin ends) or the server is closed. */
export async function serveStdio(server: Server, stdin: NodeJS.ReadableStream, stdout: (text: string) => void, logger: Logger): Promise<void> {
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      stdout(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  const transport = new StdioServerTransport(stdin as NodeJS.ReadStream, out, { maxBufferSize: STDIO_MAX_MESSAGE_BYTES });
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  server.onerror = (error) => logger.warn("protocol error", { error: protocolFault(error)?.message ?? error.message.split("\n")[0] });
  await server.connect(transport);

  const forward = transport.onerror;
  transport.onerror = (error) => {
    const fault = protocolFault(error);
    if (fault) {
      const reply = { jsonrpc: "2.0", error: fault } as unknown as JSONRPCMessage;
      transport.send(reply).catch(() => {});
    }
    forward?.(error);
  };
  const hangUp = () => void server.close();
  stdin.once("end", hangUp);
  stdin.once("close", hangUp);
  await closed;
}
