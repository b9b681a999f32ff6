/**
 * Admin dashboard sessions, in this region's memory. The browser holds only a random session id
 * (HttpOnly, SameSite=Strict cookie); the key it signed in with stays here so every request
 * re-verifies it and a revoked key ends its sessions within the key cache's TTL. Each session has
 * its own CSRF token, required on every state-changing request besides sign-in.
 */
import type { Principal } from '@smartdb/auth';

export interface AdminSession {
  id: string;
  csrf: string;
  key: string;
  /** The tenant the root key acts for; null for a tenant's own key. */
  rootTenant: string | null;
  principal: Principal;
  expiresAt: number;
}

const TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 1_000;

function token(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class AdminSessions {
  private readonly sessions = new Map<string, AdminSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(key: string, rootTenant: string | null, principal: Principal): AdminSession {
    if (this.sessions.size >= MAX_SESSIONS) {
      // Maps iterate in insertion order: the oldest session goes first.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session = {
      id: token(),
      csrf: token(),
      key,
      rootTenant,
      principal,
      expiresAt: this.now() + TTL_MS,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): AdminSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }
}
