// Meridian console: draws /v1/fleet/events snapshots on an equirectangular world map (x = longitude,
// y = -latitude, in degrees), with plain SVG. The land outline is a bundled TopoJSON file: no tiles, no CDN.
const TOKEN_KEY = 'meridian.operatorToken';
const $ = (id) => document.getElementById(id);
const status = $('status');
const say = (text, isError = false) => { status.textContent = text; status.classList.toggle('error', isError); };

// Tests and curious operators read the console's state here.
// `timings` are milliseconds since navigation start (performance.now()): when this script ran, the land was drawn,
// the first snapshot arrived, and the first snapshot was drawn and painted (the page is usable).
const state = {
  version: null, renders: 0, lastRenderMs: null, snapshot: null, selected: null,
  timings: { script: performance.now(), land: null, firstSnapshot: null, firstPainted: null },
};
window.meridianConsole = state;

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

// --- land: TopoJSON arcs (quantized, delta-encoded) to one SVG path --------------------------------------------
async function drawLand() {
  const topo = await (await fetch('/console/land-110m.json')).json();
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indexes) => {
    const points = [];
    for (const i of indexes) {
      const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  let d = '';
  for (const geometry of topo.objects.land.geometries) {
    const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs;
    for (const polygon of polygons) for (const r of polygon) d += ringPath(ring(r));
  }
  $('land-shape').setAttribute('d', d);
  state.timings.land = performance.now();
}

/** A ring as a path; crossing the antimeridian it continues past ±180 (copies at ±360 show that part). */
function ringPath(points) {
  let shift = 0;
  let previous = null;
  const out = [];
  for (const [lon, lat] of points) {
    if (previous !== null && Math.abs(lon + shift - previous) > 180) shift += lon + shift > previous ? -360 : 360;
    previous = lon + shift;
    out.push([previous, lat]);
  }
  // A ring around a pole (Antarctica) drifts by 360°: close it along the pole's edge of the map.
  const drift = out[out.length - 1][0] - out[0][0];
  if (Math.abs(drift) > 180) out.push([out[out.length - 1][0], -90], [out[0][0], -90]);
  return `M${out.map(([x, y]) => `${x.toFixed(2)},${(-y).toFixed(2)}`).join('L')}Z`;
}

// --- the fleet ---------------------------------------------------------------------------------------------------
const stressColour = (stress) => `hsl(${Math.round(120 * (1 - Math.min(Math.max(stress, 0), 1)))} 70% 45%)`;
const agentRadius = (capacity) => 0.9 + Math.min(Math.log2(1 + Math.max(capacity, 0) / 50), 6) * 0.25;

/** Agents of one region spread around it on a sunflower spiral, so a thousand stay apart. */
function agentPositions(agents, regions) {
  const perRegion = new Map();
  return agents.map(([, region]) => {
    const at = regions.get(region) ?? [0, 0];
    const n = perRegion.get(region) ?? 0;
    perRegion.set(region, n + 1);
    const r = n === 0 ? 0 : 1.6 * Math.sqrt(n);
    return [at[1] + r * Math.cos(n * 2.39996), -at[0] + r * Math.sin(n * 2.39996)];
  });
}

/**
 * Escapes text for markup. Conference and participant ids come from clients: every value that is not a number the
 * page computed goes through here before it reaches innerHTML.
 */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
const num = (value) => (Number.isFinite(value) ? +value.toFixed(2) : 0);

// Each layer is written as one markup string and parsed once (innerHTML): with thousands of elements that is
// several times faster than creating them one by one. Hover text is one shared tooltip, not an element per dot.
function render(snapshot) {
  const started = performance.now();
  const regions = new Map(snapshot.regions.map((r) => [r.name, [r.lat, r.lon]]));
  const positions = agentPositions(snapshot.agents, regions);
  const out = { regions: [], seats: [], relays: [], agents: [], participants: [], rtts: [] };

  const used = new Set(snapshot.agents.map(([, region]) => region));
  for (const r of snapshot.regions) {
    if (!used.has(r.name)) continue;
    out.regions.push(`<g class="region" data-region="${esc(r.name)}"><circle cx="${num(r.lon)}" cy="${num(-r.lat)}" r="3.2"/>`
      + `<text x="${num(r.lon + 3.6)}" y="${num(-r.lat - 2.4)}">${esc(r.name)}</text></g>`);
  }

  snapshot.agents.forEach(([id, region, agentState, stress, participants, capacity], i) => {
    const [x, y] = positions[i];
    out.agents.push(`<circle class="agent ${esc(agentState)}" cx="${num(x)}" cy="${num(y)}" r="${num(agentRadius(capacity))}"`
      + ` fill="${stressColour(stress)}" data-agent-id="${esc(id)}" data-state="${esc(agentState)}"`
      + ` data-tip="${esc(`${id} (${region}) ${agentState}, stress ${stress}, ${participants}/${capacity}`)}"/>`);
  });

  const drawnLinks = new Set();
  const seats = []; // every participant-to-agent line, drawn as one path: they are not interactive
  let participantCount = 0;
  for (const conference of snapshot.conferences) {
    const conf = esc(conference.id);
    for (const [pid, agent, lat, lon, locatedBy] of conference.participants) {
      participantCount++;
      if (lat === null || agent === null) continue;
      const [ax, ay] = positions[agent];
      seats.push(`M${num(lon)},${num(-lat)}L${num(ax)},${num(ay)}`);
      const selected = state.selected === `${conference.id}/${pid}` ? ' selected' : '';
      out.participants.push(`<circle class="participant${selected}" cx="${num(lon)}" cy="${num(-lat)}" r="0.9"`
        + ` data-conference="${conf}" data-participant="${esc(pid)}"`
        + ` data-tip="${esc(`${pid} in ${conference.id} → ${snapshot.agents[agent][0]} (${locatedBy})`)}"/>`);
    }
    for (const [from, to, linkState, rttMs, rttSource] of conference.links) {
      const key = from < to ? `${from}-${to}` : `${to}-${from}`;
      if (drawnLinks.has(key)) continue;
      drawnLinks.add(key);
      const [x1, y1] = positions[from];
      const [x2, y2] = positions[to];
      const link = esc(`${snapshot.agents[from][0]}|${snapshot.agents[to][0]}`);
      // A gentle arc, so links between the same regions stay visible over the seat lines.
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.15;
      const my = (y1 + y2) / 2 + (x2 - x1) * 0.15;
      out.relays.push(`<path class="relay ${esc(String(linkState).toLowerCase())}"`
        + ` d="M${num(x1)},${num(y1)}Q${num(mx)},${num(my)} ${num(x2)},${num(y2)}"`
        + ` data-link="${link}" data-conference="${conf}" data-rtt-ms="${rttMs === null ? '' : num(rttMs)}"/>`);
      if (rttMs !== null) {
        out.rtts.push(`<text class="rtt" x="${num(mx)}" y="${num(my)}" text-anchor="middle" data-link="${link}">`
          + `${Math.round(rttMs)} ms${rttSource === 'MEASURED' ? '' : ' (model)'}</text>`);
      }
    }
  }
  out.seats.push(`<path class="seat" d="${seats.join('')}"/>`);
  for (const [layer, parts] of Object.entries(out)) $(layer).innerHTML = parts.join('');

  const byState = {};
  for (const a of snapshot.agents) byState[a[2]] = (byState[a[2]] ?? 0) + 1;
  $('summary').innerHTML = '';
  const h = document.createElement('h2');
  h.textContent = `${snapshot.agents.length} agents · ${snapshot.conferences.length} conferences`
    + ` · ${participantCount} participants · ${drawnLinks.size} relay links`;
  const p = document.createElement('p');
  p.textContent = Object.entries(byState).map(([s, n]) => `${n} ${s}`).join(', ') || 'no agents';
  $('summary').append(h, p);

  state.snapshot = snapshot;
  state.version = snapshot.version;
  state.renders++;
  state.lastRenderMs = performance.now() - started;
  // The next frame after the first render is when the page is usable (drawn, painted).
  if (state.renders === 1) requestAnimationFrame(() => setTimeout(() => { state.timings.firstPainted = performance.now(); }));
  say(`live · snapshot ${snapshot.version} · ${new Date(snapshot.generatedAt).toLocaleTimeString()}`);
}

// --- a participant's decision -------------------------------------------------------------------------------------
async function showDecision(conference, participant) {
  state.selected = `${conference}/${participant}`;
  document.querySelectorAll('.participant.selected').forEach((n) => n.classList.remove('selected'));
  document.querySelector(`.participant[data-conference="${CSS.escape(conference)}"][data-participant="${CSS.escape(participant)}"]`)
    ?.classList.add('selected');
  const details = $('details');
  details.textContent = 'Loading the decision…';
  const response = await fetch(`/v1/fleet/conferences/${encodeURIComponent(conference)}/participants/`
    + `${encodeURIComponent(participant)}/decision`, { headers: { accept: 'application/json', ...authHeaders() } });
  if (!response.ok) {
    details.textContent = `No decision (${response.status}).`;
    return;
  }
  const d = await response.json();
  details.replaceChildren();
  const add = (tag, text, parent = details) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  };
  add('h2', `${participant} in ${conference}`);
  const facts = add('table');
  const fact = (k, v) => { const tr = add('tr', undefined, facts); add('th', k, tr); add('td', v, tr); };
  fact('outcome', d.outcome === 'placed' ? `placed on ${d.agentId} (${d.region}, ${d.mode})` : `rejected: ${d.reason}`);
  fact('rule', d.rule);
  fact('why', d.summary);
  fact('located by', `${d.location?.source} (${d.location?.latitude}, ${d.location?.longitude})`
    + (d.location?.country ? `, ${d.location.country}` : ''));
  if (d.location?.probesMs) fact('probes', Object.entries(d.location.probesMs).map(([r, ms]) => `${r} ${ms} ms`).join(', '));
  fact('decision', `#${d.sequence} at ${new Date(d.decidedAt).toLocaleTimeString()}`);
  add('h2', 'Candidates');
  const table = add('table');
  const head = add('tr', undefined, table);
  for (const c of ['agent', 'est. RTT', 'relay RTT', 'stress', 'why']) add('th', c, head);
  const ms = (v, source) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms${source ? ` ${source.toLowerCase()}` : ''}`);
  for (const c of d.candidates) {
    const tr = add('tr', undefined, table);
    if (d.outcome === 'placed' && c.agentId === d.agentId) tr.className = 'winner';
    add('td', `${c.agentId} (${c.region})${c.inConference ? ' ·in' : ''}`, tr);
    add('td', ms(c.estimatedRttMs, c.rttSource), tr);
    add('td', ms(c.relayRttMs, c.relayRttSource), tr);
    add('td', c.stress === null ? '–' : `${c.stress} → ${c.effectiveStress}`, tr);
    add('td', c.eligible ? (c.reason ?? 'eligible') : `skipped: ${c.reason}`, tr);
  }
}

// One tooltip for every dot and agent (their `data-tip`), instead of a <title> element per node.
const tip = $('tip');
$('map').addEventListener('mouseover', (e) => {
  const text = e.target.dataset?.tip;
  tip.hidden = !text;
  if (text) tip.textContent = text;
});
$('map').addEventListener('mousemove', (e) => {
  if (!tip.hidden) tip.style.transform = `translate(${e.clientX + 12}px, ${e.clientY + 12}px)`;
});
$('map').addEventListener('mouseleave', () => { tip.hidden = true; });

$('participants').addEventListener('click', (e) => {
  const dot = e.target.closest('.participant');
  if (dot) showDecision(dot.dataset.conference, dot.dataset.participant);
});

// --- access and the live feed -------------------------------------------------------------------------------------
function askForToken(message) {
  say(message, true);
  $('login').hidden = false;
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  $('login').hidden = true;
  follow();
});

/** Reads the SSE stream with fetch (EventSource cannot send the Authorization header); reconnects when it ends. */
async function follow() {
  let response;
  try {
    response = await fetch('/v1/fleet/events', { headers: { accept: 'text/event-stream', ...authHeaders() } });
  } catch (e) {
    say(`controller unreachable (${e.message}); retrying`, true);
    setTimeout(follow, 2000);
    return;
  }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    askForToken('The console needs the operator token.');
    return;
  }
  if (!response.ok) {
    say(`feed failed (${response.status}); retrying`, true);
    setTimeout(follow, 2000);
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''))
          .join('\n');
        if (data) {
          state.timings.firstSnapshot ??= performance.now();
          render(JSON.parse(data));
        }
      }
    }
  } catch (e) {
    say(`feed interrupted (${e.message}); reconnecting`, true);
  }
  setTimeout(follow, 1000);
}

drawLand().catch((e) => say(`no land outline: ${e.message}`, true));
follow();
