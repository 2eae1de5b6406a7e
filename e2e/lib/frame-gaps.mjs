// Measures what a viewer sees: every video frame a participant's page presents for one remote tile, from
// requestVideoFrameCallback on the tile's <video>, on the page's own clock. A live move switches the element to
// another track (a new srcObject), which may drop a pending callback, so a watchdog re-arms it; duplicate callbacks
// for one frame carry the same timestamp and are merged.

/** Starts recording the frames `p`'s page presents for `remoteId`'s tile. */
export function startFrameLog(p, remoteId) {
  return p.page.evaluate((id) => {
    const log = { frames: [], last: performance.now() };
    window.__frameLog = log;
    const arm = () => {
      const video = document.querySelector(`[data-participant-id="${id}"] video`);
      if (!video) return;
      const onFrame = (now) => {
        if (log.frames[log.frames.length - 1] !== now) log.frames.push(now);
        log.last = performance.now();
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    };
    arm();
    log.watchdog = setInterval(() => { if (performance.now() - log.last > 150) arm(); }, 100);
  }, remoteId);
}

/** The page's clock now, in ms (performance.now()). */
export function pageNow(p) {
  return p.page.evaluate(() => performance.now());
}

/**
 * The longest time between two presented frames (or a window edge and a frame) in [from, to] on the page's clock,
 * and how many frames fell in it.
 */
export async function longestGap(p, from, to) {
  const frames = await p.page.evaluate(() => [...new Set(window.__frameLog.frames)].sort((a, b) => a - b));
  const inside = frames.filter((t) => t >= from && t <= to);
  let longest = 0;
  let previous = from;
  for (const t of inside) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  longest = Math.max(longest, to - previous);
  return { longestMs: Math.round(longest), frames: inside.length };
}
