import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

export interface LoggingOptions {
  readonly service: string;
  readonly level: string;
}

/**
 * Structured JSON logs (pino) with the service name and a request id on every line:
 * the caller's `x-request-id` when it sent one, a new uuid otherwise (echoed back).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            genReqId: (request: IncomingMessage, response) => {
              const incoming = request.headers['x-request-id'];
              const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
              response.setHeader('x-request-id', id);
              return id;
            },
            autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
            // Credentials never reach a log line: bearer tokens, the browser's cookies and the session
            // cookie the gateway sets on sign-in.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          },
        }),
      ],
    };
  }
}
