/** `ringtrace tokens create|list|revoke`: API tokens; the secret is printed once, at creation. */
import { Option } from 'commander';
import { ROLES, type Role } from '../../../engine/index.ts';
import { issueToken, listTokenViews, revokeTokenById, type TokenView } from '../../http/access/tokens.ts';
import type { CliContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

function describeTokens(tokens: TokenView[]): string {
  if (tokens.length === 0) return 'no tokens (create one with `ringtrace tokens create --role admin`)';
  return tokens
    .map((t) => {
      const expired = t.expiresAt !== null && Date.parse(t.expiresAt) <= Date.now();
      const mark = t.revokedAt ? 'x' : expired ? '-' : ' ';
      return [
        `${mark} ${t.id}  ${t.role.padEnd(12)} ${t.name}${t.brands.length ? `  brands: ${t.brands.join(', ')}` : ''}  created ${t.createdAt}`,
        t.expiresAt ? `  ${expired ? 'expired' : 'expires'} ${t.expiresAt}` : '',
        `  last used ${t.lastUsedAt ?? 'never'}`,
        t.revokedAt ? `  revoked ${t.revokedAt}` : '',
      ].join('');
    })
    .join('\n');
}

/** Token changes from the CLI are audited like those through the API. */
async function audit(ctx: CliContext, action: string, details: Record<string, unknown>): Promise<void> {
  const store = await ctx.store();
  await store.appendAudit({
    id: crypto.randomUUID(),
    at: new Date().toISOString(),
    tokenName: null,
    role: null,
    action,
    route: 'cli',
    ringIds: [],
    entityIds: [],
    remote: 'cli',
    outcome: 'ok',
    details,
  });
}

export const registerTokens: RegisterCommand = (program, run) => {
  const tokens = program.command('tokens').description('manage API tokens (roles: admin, investigator, liaison, viewer)');
  tokens
    .command('create')
    .description('create a token and print its secret (shown only once)')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--brand <brand...>', 'brand scope (liaison tokens: required, repeatable)')
    .option('--name <name>', 'a name for the audit trail and saved views, unique among live tokens (default: role and id)')
    .option('--expires <duration>', 'lifetime such as 15m, 12h or 30d (default: no expiry)')
    .option('--allow-unknown-brand', 'accept brands no loaded report names yet (default: refuse them, so a typo is caught)')
    .action((opts: { role: Role; brand?: string[]; name?: string; expires?: string; allowUnknownBrand?: boolean }) =>
      run(async (ctx) => {
        const store = await ctx.store();
        const { token, secret } = await issueToken(store, {
          role: opts.role,
          brands: opts.brand ?? [],
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.expires ? { expiresIn: opts.expires } : {}),
          ...(opts.allowUnknownBrand ? { allowUnknownBrands: true } : {}),
        });
        await audit(ctx, 'token.create', { tokenId: token.id, name: token.name, role: token.role, brands: token.brands });
        ctx.print({ token, secret }, () => `created ${token.id} (${token.role}, ${token.name})\n${secret}\nkeep this secret now: it is not stored and cannot be shown again`);
      }),
    );
  tokens
    .command('list')
    .description('list tokens (never their secrets)')
    .action(() =>
      run(async (ctx) => {
        const list = await listTokenViews(await ctx.existingStore());
        ctx.print({ tokens: list }, () => describeTokens(list));
      }),
    );
  tokens
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id (tok-…)')
    .action((id: string) =>
      run(async (ctx) => {
        await revokeTokenById(await ctx.existingStore(), id);
        await audit(ctx, 'token.revoke', { tokenId: id });
        ctx.print({ revoked: id }, () => `revoked ${id}`);
      }),
    );
};
