import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_SIGNER, type AccessTokenSigner, type TokenSubject } from './access-token-signer.port';

/**
 * AUTH_DEV_TOKENS=true only (tests): an access token for any subject, signed with the
 * provider's real key, so tests go through the same verification as production.
 */
@Injectable()
export class IssueDevTokenUseCase {
  constructor(@Inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSigner) {}

  async execute(subject: TokenSubject): Promise<{ accessToken: string }> {
    return { accessToken: await this.signer.sign(subject) };
  }
}
