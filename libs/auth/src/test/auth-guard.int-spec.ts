import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HttpErrorFilter } from '@eshop/http-edge';
import { TestIdentityProvider } from '@eshop/testing';
import { CurrentBuyer, Public, Roles } from '../nest/auth.decorators';
import { AuthModule } from '../nest/auth.module';
import type { Buyer } from '../lib/buyer';

@Controller('things')
class ThingsController {
  @Public()
  @Get('public')
  open(): string {
    return 'anyone';
  }

  @Get('mine')
  mine(@CurrentBuyer() buyer: Buyer): { id: string } {
    return { id: buyer.id };
  }

  @Roles('admin')
  @Get('staff')
  staff(): string {
    return 'staff only';
  }
}

/** The guard every service installs: 401 for a bad token, 403 for a missing role, 503 without keys. */
describe('JwtAuthGuard with roles, on a Nest app', () => {
  let idp: TestIdentityProvider;
  let app: INestApplication;
  beforeAll(async () => {
    idp = await TestIdentityProvider.start();
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwks: { jwksUrl: `${idp.url}/jwks`, issuer: idp.issuer, audience: 'eshop-api' } })],
      controllers: [ThingsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await idp.stop();
  });

  it('answers 503 naming the cause while the keys were never fetched', async () => {
    idp.setAvailable(false);
    const token = await idp.bearer({ sub: 'alice' });
    const res = await request(app.getHttpServer()).get('/things/mine').set('authorization', token).expect(503);
    expect(res.body.message).toMatch(/identity provider/);
    idp.setAvailable(true);
  });

  it('lets anyone read a public route and a buyer their own', async () => {
    await request(app.getHttpServer()).get('/things/public').expect(200);
    await request(app.getHttpServer()).get('/things/mine').expect(401);
    const res = await request(app.getHttpServer()).get('/things/mine').set('authorization', await idp.bearer({ sub: 'alice' })).expect(200);
    expect(res.body).toEqual({ id: 'alice' });
  });

  it('refuses a buyer on an admin route (403) and lets an admin through', async () => {
    const buyer = await request(app.getHttpServer()).get('/things/staff').set('authorization', await idp.bearer({ sub: 'bob' })).expect(403);
    expect(buyer.body.message).toBe('requires role admin');
    await request(app.getHttpServer()).get('/things/staff').set('authorization', await idp.bearer({ sub: 'boss', roles: ['admin'] })).expect(200);
  });
});
