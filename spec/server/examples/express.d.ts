/**
 * The part of Express's types (`@types/express` 5) that docs/server.md's examples use, so they
 * compile here without Express installed: the same shapes (Request and Response extend node's,
 * handlers take `next`), nothing more. A real Express project compiles them against the real ones.
 */
declare module "express" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  namespace express {
    interface Request extends IncomingMessage {
      body: any;
      header(name: string): string | undefined;
    }
    interface Response extends ServerResponse {
      status(code: number): this;
      json(body?: any): this;
      sendStatus(code: number): this;
    }
    type NextFunction = (error?: any) => void;
    type RequestHandler = (req: Request, res: Response, next: NextFunction) => void;
    interface Express extends RequestHandler {
      use(path: string, ...handlers: RequestHandler[]): this;
      use(...handlers: RequestHandler[]): this;
      post(path: string, ...handlers: RequestHandler[]): this;
      listen(port: number | string, callback?: (error?: Error) => void): Server;
    }
    function raw(options?: { type?: string | string[] | ((req: IncomingMessage) => boolean); limit?: string | number }): RequestHandler;
  }
  function express(): express.Express;
  export = express;
}
