// Runs in chromium, loaded from another origin than the API (CORS): one step per page load, chosen by
// `?step=`; the observations end up in `window.__result` for the driver (browser_flow.mjs) to read.
import API, { APIError } from './api-client/dist/index.js';

const params = new URLSearchParams(location.search);
const base = params.get('api');
const expired = params.get('expired');

async function failure(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    return { isAPIError: error instanceof APIError, status: error.status, message: error.message,
             detail: error.detail ?? null };
  }
}

const steps = {
  // JWT kept in localStorage: log in, then an expired access token in storage: ten calls, one refresh
  async jwt() {
    localStorage.clear();
    const api = new API(base, { storage: 'localStorage', storageKey: 'shop' });
    const pair = await api.public.createToken({ body: { username: 'demo', password: 'demo-pass-1234' } });
    api.setToken(pair.access, pair.refresh);
    const me = await api.client.retrieveMe();
    localStorage.setItem('shop.access', expired);
    const names = await Promise.all(Array.from({ length: 10 }, () => api.client.retrieveMe()));
    return {
      me: me.username,
      names: names.map((m) => m.username),
      stored: Object.keys(localStorage).sort(),
      accessReplaced: ![expired, pair.access].includes(localStorage.getItem('shop.access')),
      refreshRotated: localStorage.getItem('shop.refresh') !== pair.refresh,
    };
  },
  // after a reload: the tokens come back from localStorage, no login needed
  async reload() {
    const api = new API(base, { storage: 'localStorage', storageKey: 'shop' });
    const me = await api.client.retrieveMe();
    api.clearTokens();
    return { me: me.username, storedAfterLogout: Object.keys(localStorage).filter((k) => k.startsWith('shop.')) };
  },
  // the browser session: CSRF cookie, login, session-authenticated reads and writes, logout
  async session() {
    const api = new API(base);
    const anonymous = await api.public.retrieveSession();
    const csrfCookie = document.cookie.includes('csrftoken=');
    const wrong = await failure(api.public.createSession({ body: { username: 'demo', password: 'wrong' } }));
    const login = await api.public.createSession({ body: { username: 'demo', password: 'demo-pass-1234' } });
    const me = await api.client.retrieveMe();
    const updated = await api.client.partialUpdateMe({ body: { bio: 'from chromium' } });
    const products = await api.public.listProducts({ query: { status: 'in_stock' } });
    const order = await api.client.createOrders({
      body: { items: [{ product: products.results[0].id, quantity: 1 }] },
    });
    const cancelled = await api.client.cancelOrders({ path: { id: order.id } });
    await api.public.destroySession();
    const after = await failure(api.client.retrieveMe());
    return { anonymous: anonymous.username, csrfCookie, wrong, login: login.username, me: me.username,
             bio: updated.bio, cancelled: cancelled.status, token: api.getToken(), after };
  },
  // a page on an origin the API does not allow (no CORS headers for it): what the user sees
  async cors() {
    const api = new API(base);
    return { error: await failure(api.public.listProducts()) };
  },
};

try {
  window.__result = { ok: true, value: await steps[params.get('step')]() };
} catch (error) {
  window.__result = { ok: false, error: `${error?.name}: ${error?.message}`, status: error?.status ?? null };
}
