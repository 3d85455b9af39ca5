// Drives the generated @tp/api-client package against the served thirdparty_proj: one call into each
// third-party package (djoser, simplejwt, knox, push_notifications) and the project's nested router.
// usage: node thirdparty_flow.mjs <base url> <package name>; prints one JSON object of observations.
const [baseUrl, packageName] = process.argv.slice(2);
const { default: API } = await import(packageName);

const requests = [];
const recordingFetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const response = await globalThis.fetch(request);
  requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
  return response;
};

const api = new API(baseUrl, { fetch: recordingFetch });
const out = {};
const user = await api.auth.createUsers({ body: { username: 'tsuser', password: 'ts-pass-98765-long' } }); // djoser
out.registered = user.username;
const pair = await api.app.createToken({ body: { username: 'tsuser', password: 'ts-pass-98765-long' } }); // simplejwt
api.setToken(pair.access, pair.refresh);
out.me = (await api.auth.meUsers()).username; // djoser's `me` action, authenticated
const jwt = await api.auth.createJwt({ body: { username: 'tsuser', password: 'ts-pass-98765-long' } }); // djoser.urls.jwt
out.jwt = typeof jwt.access === 'string' && jwt.access.length > 20;
const knox = await api.auth.loginKnox(); // django-rest-knox
out.knox = typeof knox?.token === 'string' && knox.token.length > 10;
const note = await api.app.createNotes({ body: { title: 'from ts' } }); // project router
const comment = await api.app.createCommentsNotes({ path: { note_pk: String(note.id) }, body: { text: 'nested' } });
out.comment = comment.text; // drf-nested-routers
const device = await api.devices.createGcm({ body: { registration_id: 'ts-device-1', cloud_message_type: 'FCM' } });
out.device = device.registration_id; // django-push-notifications
out.devices = (await api.devices.listGcm()).map((d) => d.registration_id);
out.requests = requests;
console.log(JSON.stringify(out));
