/// The page's style and its one small script, served inline: nothing is fetched from elsewhere.
enum DashboardAssets {
    static let css = """
    :root { --ink: #1a1f2b; --muted: #505a6b; --line: #d5dae3; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf;
            --ok: #176b2c; --ok-bg: #e3f4e7; --warn: #8a4b00; --warn-bg: #fff0d6; --bad: #a21b1b; --bad-bg: #fde4e4; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
    header, footer { padding: 12px 20px; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 20px; background: var(--card); border-bottom: 1px solid var(--line); }
    h1 { font-size: 1.35rem; margin: 0; }
    h2 { font-size: 1.1rem; margin: 0 0 10px; }
    h3 { font-size: 0.95rem; margin: 14px 0 6px; color: var(--muted); }
    .freshness { margin: 0; color: var(--muted); }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 16px; padding: 16px; align-items: start; }
    section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
    thead th { font-size: 0.85rem; color: var(--muted); }
    td.num { text-align: right; }
    a { color: var(--accent); }
    a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    thead th a { color: inherit; text-decoration: none; }
    .current { font-weight: 700; }
    .choice { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
    .choice a { padding: 3px 10px; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
    .choice a.current { background: var(--accent); color: #fff; border-color: var(--accent); }
    .muted, .note { color: var(--muted); font-size: 0.85rem; }
    .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.85rem; }
    .badge.ok { color: var(--ok); background: var(--ok-bg); }
    .badge.needs-maintenance { color: var(--warn); background: var(--warn-bg); }
    .badge.silent { color: var(--bad); background: var(--bad-bg); }
    .maintenance, .events { list-style: none; padding: 0; margin: 0; }
    .maintenance > li { padding: 6px 0; border-bottom: 1px solid var(--line); }
    .maintenance .truck { font-weight: 700; margin-right: 6px; }
    .reasons { display: inline; padding: 0; }
    .reasons li { display: inline-block; margin: 2px 4px 2px 0; padding: 1px 8px; border-radius: 4px; color: var(--warn); background: var(--warn-bg); font-size: 0.9rem; }
    .events li { padding: 3px 0; font-size: 0.9rem; }
    .alert { color: var(--bad); background: var(--bad-bg); padding: 6px 10px; border-radius: 6px; }
    .empty { color: var(--muted); font-style: italic; }
    svg.chart { width: 100%; height: auto; display: block; }
    svg .bar { fill: var(--accent); }
    svg .label, svg .value, svg .tick, svg .axis-label { fill: var(--ink); font-size: 13px; }
    svg .tick { fill: var(--muted); font-size: 12px; }
    svg .axis, svg .grid { stroke: var(--line); }
    svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
    svg .version { fill: var(--card); stroke: var(--accent); stroke-width: 1.5; }
    footer { color: var(--muted); font-size: 0.85rem; }
    @media (max-width: 600px) { body { font-size: 15px; } .grid { padding: 8px; gap: 10px; } section { padding: 10px; } }
    """

    /// Every second: fetch the live part for the same choices and swap it in; keep "… ago" current.
    static let script = """
    (function () {
      var live = document.getElementById('live'), freshness = document.getElementById('freshness');
      var query = live.getAttribute('data-query') || '';
      function age(seconds) {
        seconds = Math.max(0, Math.round(seconds));
        if (seconds < 60) return seconds + ' s ago';
        if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
        if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor(seconds % 3600 / 60) + ' min ago';
        return Math.floor(seconds / 86400) + ' d ago';
      }
      var fetchedAt = Date.now();
      function tick() {
        var grid = live.querySelector('.grid');
        if (!grid) return;
        var last = grid.getAttribute('data-last-load'), asOf = Number(grid.getAttribute('data-as-of'));
        var now = asOf + (Date.now() - fetchedAt) / 1000;
        freshness.textContent = last ? 'Newest data loaded ' + age(now - Number(last)) + ' · updates every second'
                                     : 'No data has been loaded yet.';
      }
      function refresh() {
        fetch('/dashboard/live' + query, { cache: 'no-store' }).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        }).then(function (html) {
          var focused = document.activeElement && document.activeElement.getAttribute('href');
          live.innerHTML = html;
          fetchedAt = Date.now();
          if (focused) { var again = live.querySelector('a[href="' + focused + '"]'); if (again) again.focus(); }
          live.removeAttribute('aria-busy');
          tick();
        }).catch(function () {
          freshness.textContent = 'The server does not answer; showing the last data.';
        });
      }
      setInterval(refresh, 1000);
      setInterval(tick, 1000);
    })();
    """
}
