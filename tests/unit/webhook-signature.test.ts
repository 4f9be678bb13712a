/**
 * Standard Webhooks signatures against the reference `standardwebhooks`
 * package: what we sign, it verifies; what it signs, we verify; a changed
 * body, id or secret fails; secrets and URLs are checked at config time.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { backoffMs, isWebhookSecret, loadConfig, signWebhook, verifyWebhook, webhookHeaders } from '../../engine/index.ts';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const BODY = JSON.stringify({ type: 'ring.alert', data: { ringId: 'R-1' } });

describe('webhook signature', () => {
  it('when we sign a message, then the standardwebhooks verifier accepts it and returns the payload', () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders(SECRET, 'msg_1', ts, BODY);

    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(SECRET).verify(`${BODY} `, headers)).toThrow();
    expect(() => new Webhook(SECRET).verify(BODY, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 8).toString('base64')}`).verify(BODY, headers)).toThrow();
  });

  it('when standardwebhooks signs a message, then our verifier accepts it and rejects a stale timestamp', () => {
    const at = new Date();
    const signature = new Webhook(SECRET).sign('msg_9', at, BODY);
    const ts = Math.floor(at.getTime() / 1000);

    expect(signature).toBe(signWebhook(SECRET, 'msg_9', ts, BODY));
    expect(verifyWebhook(SECRET, { id: 'msg_9', timestamp: String(ts), signature }, BODY, ts)).toBe(true);
    expect(verifyWebhook(SECRET, { id: 'msg_9', timestamp: String(ts), signature: `v1,bogus ${signature}` }, BODY, ts)).toBe(true);
    expect(verifyWebhook(SECRET, { id: 'msg_9', timestamp: String(ts), signature }, BODY, ts + 301)).toBe(false);
  });

  it('when a fixed vector is signed, then the signature is the documented one', () => {
    // Key bytes 0x07 × 32, id msg_1, timestamp 1700000000, body {"a":1}.
    expect(signWebhook(SECRET, 'msg_1', 1_700_000_000, '{"a":1}')).toBe('v1,LInk7lWC3DLGgRP3k/Xpm933fgj/SEGrik4mpkLgnKE=');
    expect(signWebhook(SECRET, 'msg_1', 1_700_000_000, '{"a":1}')).toBe(new Webhook(SECRET).sign('msg_1', new Date(1_700_000_000_000), '{"a":1}'));
  });
});

describe('webhook config', () => {
  it('when the secret is not whsec_ base64 of 24+ bytes, then config names the key and the format', () => {
    expect(isWebhookSecret(SECRET)).toBe(true);
    expect(isWebhookSecret('whsec_short')).toBe(false);
    expect(isWebhookSecret(Buffer.alloc(32).toString('base64'))).toBe(false);
    expect(() => loadConfig({ RINGTRACE_WEBHOOK_URL: 'http://127.0.0.1:1/hook', RINGTRACE_WEBHOOK_SECRET: 'secret' })).toThrow(/config webhookSecret \(RINGTRACE_WEBHOOK_SECRET\): must be whsec_/);
    expect(() => loadConfig({ RINGTRACE_WEBHOOK_URL: 'http://127.0.0.1:1/hook' })).toThrow(/RINGTRACE_WEBHOOK_SECRET\): required when RINGTRACE_WEBHOOK_URL/);
    expect(() => loadConfig({ RINGTRACE_WEBHOOK_URL: 'ftp://x', RINGTRACE_WEBHOOK_SECRET: SECRET })).toThrow(/config webhookUrl \(RINGTRACE_WEBHOOK_URL\)/);
    expect(() => loadConfig({ RINGTRACE_ALERT_MIN_SCORE: '2' })).toThrow(/config alertMinScore \(RINGTRACE_ALERT_MIN_SCORE\)/);
    expect(loadConfig({ RINGTRACE_WEBHOOK_URL: 'http://127.0.0.1:1/hook', RINGTRACE_WEBHOOK_SECRET: SECRET })).toMatchObject({ webhookUrl: 'http://127.0.0.1:1/hook', alertMinScore: 0.5 });
  });

  it('when retries back off, then each waits about twice the last, half of it random, capped', () => {
    const target = { retryBaseMs: 1_000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, target, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, target, () => 0.999_999))).toEqual([1_000, 2_000, 4_000]);
  });
});
