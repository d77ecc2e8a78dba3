// Cookie-authenticated mutations carry a CSRF token the server set in a readable cookie (double submit).
// Names as in apps/server/src/auth/credentials.ts (CSRF_COOKIE, CSRF_HEADER).
export const CSRF_COOKIE = 'mad_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string, cookieHeader: string = document.cookie): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
