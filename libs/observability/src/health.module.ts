import { Controller, Get, Inject, Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { Public } from '@eshop/auth';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthIndicatorFunction } from '@nestjs/terminus';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface HealthModuleOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  /** The app's own dependencies (database, Redis, broker…), each a terminus indicator. */
  readonly readiness: (...deps: never[]) => HealthIndicatorFunction[];
}

/**
 * The contract's health endpoints: `GET /health/live` (the process answers) and
 * `GET /health/ready` (200, or 503 with a JSON body naming what is down).
 */
@Public()
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly readiness: HealthIndicatorFunction[],
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.readiness);
  }
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.readiness },
      ],
    };
  }
}
