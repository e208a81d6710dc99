import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type Provider from 'oidc-provider';
import {
  InteractionNotFoundError,
  type InteractionDetails,
  type OidcInteractions,
} from '../../application/oidc-interactions.port';
import { OIDC_PROVIDER } from './oidc-provider.factory';

/** Our sign-in pages' view of oidc-provider's interaction API. */
@Injectable()
export class OidcProviderInteractions implements OidcInteractions {
  constructor(@Inject(OIDC_PROVIDER) private readonly provider: Provider) {}

  async details(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails> {
    const interaction = await this.provider.interactionDetails(req, res).catch(() => {
      throw new InteractionNotFoundError();
    });
    const hint = interaction.params['login_hint'];
    return {
      uid: interaction.uid,
      prompt: interaction.prompt.name,
      clientId: String(interaction.params['client_id']),
      loginHint: typeof hint === 'string' ? hint : undefined,
    };
  }

  async finishLogin(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<void> {
    await this.provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }

  async grantConsent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const interaction = await this.provider.interactionDetails(req, res);
    const { details } = interaction.prompt;
    const grant = interaction.grantId
      ? ((await this.provider.Grant.find(interaction.grantId)) ?? this.newGrant(interaction.session?.accountId, interaction.params))
      : this.newGrant(interaction.session?.accountId, interaction.params);
    const scopes = details['missingOIDCScope'];
    if (Array.isArray(scopes)) grant.addOIDCScope(scopes.join(' '));
    const claims = details['missingOIDCClaims'];
    if (Array.isArray(claims)) grant.addOIDCClaims(claims.map(String));
    const resources = details['missingResourceScopes'];
    if (resources && typeof resources === 'object') {
      for (const [indicator, resourceScopes] of Object.entries(resources)) {
        grant.addResourceScope(indicator, (resourceScopes as string[]).join(' '));
      }
    }
    const grantId = await grant.save();
    await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async abort(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const result = { error: 'access_denied', error_description: 'The user cancelled the sign-in.' };
    await this.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  private newGrant(accountId: string | undefined, params: Record<string, unknown>) {
    return new this.provider.Grant({ accountId, clientId: String(params['client_id']) });
  }
}
