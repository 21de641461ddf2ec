/**
 * E-mail over SMTP (nodemailer), from SMTP_URL (smtp://user:pass@host:587, smtps://…;
 * options such as ?tls.rejectUnauthorized=false may be given in the URL) and MAIL_FROM.
 *
 * Subject and body come from the template, UTF-8, plain text. The Message-ID carries the
 * outbox id (<motcua-outbox-42@domain>), the same on every retry, plus an
 * X-Motcua-Outbox-Id header, so a message can be traced from a mailbox back to its row.
 *
 * SMTP 5xx (unknown mailbox, refused) is permanent; 4xx (greylisting, mailbox full for
 * now), connection errors and timeouts are temporary.
 */
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger } from 'pino';
import type { Config } from '../../../config.js';
import { errorText, type ChannelSender, type OutgoingMessage, type SendResult } from '../channel.js';

export type SmtpConfig = NonNullable<Config['notifications']['smtp']>;

export const EMAIL_FOOTER = 'Thư này được gửi tự động từ hệ thống Một cửa; vui lòng không trả lời thư này.';

/** The domain of the sender address, for Message-IDs. */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim() : '';
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain) ? domain : 'motcua.localhost';
}

export function outboxMessageId(outboxId: number, from: string): string {
  return `<motcua-outbox-${outboxId}@${senderDomain(from)}>`;
}

export function emailChannel(opts: { config: SmtpConfig; logger: Logger }): ChannelSender {
  const { config, logger } = opts;
  // Defaults first: anything given in the URL wins. No pool: one connection per message.
  const transport = nodemailer.createTransport(
    new SMTPTransport({ url: config.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }),
  );
  return {
    channel: 'email',
    async send(m: OutgoingMessage): Promise<SendResult> {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: m.recipient,
          subject: m.title,
          text: `${m.text}\n\n--\n${EMAIL_FOOTER}\n`,
          messageId: outboxMessageId(m.id, config.from),
          headers: {
            'X-Motcua-Outbox-Id': String(m.id),
            ...(m.reference ? { 'X-Motcua-Reference': m.reference } : {}),
          },
        });
        if (info.rejected.length > 0) return { ok: false, kind: 'permanent', error: `SMTP: người nhận bị từ chối (${info.response})` };
        return { ok: true, providerId: info.messageId };
      } catch (err) {
        const e = err as { responseCode?: unknown; code?: unknown; response?: unknown };
        const code = typeof e.responseCode === 'number' ? e.responseCode : null;
        const text = `SMTP: ${typeof e.response === 'string' ? e.response : errorText(err)}`.slice(0, 1000);
        if (code !== null && code >= 500) {
          if (e.code === 'EAUTH') logger.error({ outboxId: m.id, responseCode: code }, 'SMTP server refused our credentials: check SMTP_URL');
          return { ok: false, kind: 'permanent', error: text };
        }
        if (code === null && e.code === 'EENVELOPE') return { ok: false, kind: 'permanent', error: text };
        return { ok: false, kind: 'temporary', error: text };
      }
    },
  };
}
