// A consumer of the generated package: React's useQuery over the generated TanStack Query options bound to
// an API instance (base URL, tokens, refresh), zod-validated responses, paginate(), and a server whose
// responses differ from their schemas. Prints what it saw as JSON for tests/e2e/types/test_typescript_consumer.py.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import API, { APIError, ResponseValidationError, type Member } from '@typesproj/api-client';
import { bindQueries } from '@typesproj/api-client/member/react-query';
import { zOrder } from '@typesproj/api-client/member/zod';

type Queries = ReturnType<typeof bindQueries>;

function Orders({ queries }: { queries: Queries }) {
  const { data, status } = useQuery(queries.listOrdersOptions({ query: { page: 1 } }));
  const orders: Member.Order[] = data?.results ?? [];
  return (
    <ul data-status={status}>
      {orders.map((order) => (
        <li key={order.id}>
          {order.status} at {order.placed_at}
        </li>
      ))}
    </ul>
  );
}

function describe(error: unknown): Record<string, unknown> {
  return {
    isResponseValidationError: error instanceof ResponseValidationError,
    isAPIError: error instanceof APIError,
    data: error instanceof ResponseValidationError ? error.data : null,
    path: error instanceof ResponseValidationError ? error.issues.map((issue) => issue.path.join('.')) : [],
    status: error instanceof ResponseValidationError ? error.response?.status : null,
    message: error instanceof Error ? error.message : String(error),
  };
}

async function main(baseUrl: string): Promise<void> {
  const requests: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    return response;
  };
  const api = new API(baseUrl, { fetch: recording });
  const out: Record<string, unknown> = {};

  // zone `shop` (no zod): responses that differ from their schemas still resolve, extra fields included
  out.profile = await api.shop.driftProfile();
  out.signup = await api.shop.driftSignup({ body: { username: 'user-ts', password: 'ts-pass-12345' } });
  out.entries = await api.shop.driftEntries();
  out.reset = await api.shop.driftPasswordReset({ body: { email: 'ann@example.com' } });

  // log in, then keep only a rejected access token: the first query refreshes once and replays
  const pair = await api.shop.createToken({ body: { username: 'ann', password: 'ann-pass-1234' } });
  api.setToken('not-a-valid-token', pair.refresh);
  const queries = bindQueries(api);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  requests.length = 0;
  const page = await queryClient.fetchQuery(queries.listOrdersOptions({ query: { page: 1 } }));
  out.requests = [...requests];
  out.tokenReplaced = api.getToken() !== 'not-a-valid-token';
  out.firstPage = page.results.map((order) => zOrder.parse(order).placed_at);
  out.html = renderToString(
    <QueryClientProvider client={queryClient}>
      <Orders queries={queries} />
    </QueryClientProvider>,
  );
  out.queryKeyBaseUrl = queries.listOrdersOptions({ query: { page: 1 } }).queryKey[0].baseUrl;
  const me = await queryClient.fetchQuery(queries.retrieveMeOptions());
  out.me = { username: me.username, dateJoined: me.date_joined };

  // every order, page after page (two per page), each page validated by zod
  const placed: string[] = [];
  for await (const order of api.paginate(api.member.listOrders, { query: { page: 1 } })) placed.push(order.placed_at);
  out.allPlacedAt = placed;

  // zod rejects an answer that is not the documented profile: its own error, with the data as received
  try {
    await queryClient.fetchQuery(queries.legacyMeOptions());
    out.legacyQuery = 'resolved';
  } catch (error) {
    out.legacyQuery = describe(error);
  }
  try {
    await api.member.legacyMe();
    out.legacyCall = 'resolved';
  } catch (error) {
    out.legacyCall = describe(error);
  }
  process.stdout.write(JSON.stringify(out));
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
