// A minimal Nest app that uses DiscoveryModule exactly as the services do, for the
// shutdown test: it registers with the Consul at CONSUL_URL, serves /health/ready on PORT,
// and must deregister when it receives SIGTERM or SIGINT.
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DiscoveryModule } from '../nest/discovery.module';

@Controller('health')
class HealthController {
  @Get('ready')
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

const port = Number(process.env['PORT']);
const consulUrl = process.env['CONSUL_URL'] ?? 'http://localhost:8500';

@Module({
  imports: [
    DiscoveryModule.forRoot({
      mode: 'consul',
      consulUrl,
      service: { name: 'fixture-api', port, tags: ['fixture'], version: '1.2.3' },
      upstreams: ['catalog-api'],
      check: { interval: '1s', timeout: '1s', deregisterCriticalServiceAfter: '10s' },
    }),
  ],
  controllers: [HealthController],
})
class FixtureAppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(FixtureAppModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`fixture-api listening on ${port}\n`);
}

void main();
