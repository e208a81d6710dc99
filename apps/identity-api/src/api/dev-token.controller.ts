import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ZodValidationPipe } from '@eshop/http-edge';
import { IssueDevTokenUseCase } from '../application/issue-dev-token.use-case';
import { devTokenRequestSchema, type DevTokenRequest } from './dev-token.schemas';

/**
 * POST /dev/token {userId, name, roles?} → {accessToken}. Only mounted when
 * AUTH_DEV_TOKENS=true (tests); never in `npm start`, compose or k8s.
 */
@Controller('dev')
export class DevTokenController {
  constructor(private readonly issue: IssueDevTokenUseCase) {}

  @Post('token')
  @HttpCode(200)
  token(@Body(new ZodValidationPipe(devTokenRequestSchema)) body: DevTokenRequest): Promise<{ accessToken: string }> {
    return this.issue.execute({ id: body.userId, name: body.name, roles: body.roles });
  }
}
