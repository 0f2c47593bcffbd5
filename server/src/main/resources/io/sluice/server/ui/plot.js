// Sluice's small plotting module: line and stacked-area charts on a <canvas>, one series per
// label, sharing an x axis of batch ids. No library: the page must work without the internet.
"use strict";

const Plot = (() => {
  const COLORS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#ec4899"];

  /** 1234567 -> "1.23M": short labels for the axis. */
  function shortNumber(v) {
    const a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + "k";
    if (a === 0 || a >= 10) return v.toFixed(0);
    if (a < 0.01) return v.toExponential(1);
    return v.toPrecision(2);
  }

  /** A round step giving about `ticks` intervals up to `max`. */
  function niceStep(max, ticks) {
    const raw = max / ticks;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
  }

  /**
   * Draws `series` ([{label, values}], values aligned with `xs`) on `canvas`; stacked draws each
   * series on top of those before it as filled areas, else each is a line.
   */
  function draw(canvas, xs, series, stacked) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = "11px system-ui, sans-serif";

    const left = 48, right = 8, top = 8, bottom = 34;
    const w = width - left - right, h = height - top - bottom;
    const tops = xs.map((_, i) => series.reduce((sum, s) => stacked ? sum + (s.values[i] || 0)
      : Math.max(sum, s.values[i] || 0), 0));
    const max = Math.max(0, ...tops) || 1; // all zero: an axis from 0 to 1, not to a tiny epsilon
    const step = niceStep(max, 4);
    const yMax = Math.ceil(max / step) * step;
    const x = i => left + (xs.length < 2 ? w / 2 : i * w / (xs.length - 1));
    const y = v => top + h - v / yMax * h;

    g.strokeStyle = "#e3e6eb"; g.fillStyle = "#6b7280"; g.lineWidth = 1;
    g.textAlign = "right"; g.textBaseline = "middle";
    for (let v = 0; v <= yMax + step / 2; v += step) {
      g.beginPath(); g.moveTo(left, Math.round(y(v)) + .5); g.lineTo(left + w, Math.round(y(v)) + .5); g.stroke();
      g.fillText(shortNumber(v), left - 6, y(v));
    }
    g.textAlign = "center"; g.textBaseline = "top";
    const every = Math.max(1, Math.ceil(xs.length / 8));
    const last = xs.length - 1; // always labelled; a regular label too close to it is left out
    xs.forEach((label, i) => {
      if (i === last || (i % every === 0 && last - i >= Math.max(2, every / 2))) g.fillText(label, x(i), top + h + 4);
    });

    const base = xs.map(() => 0);
    series.forEach((s, k) => {
      const color = COLORS[k % COLORS.length];
      const upper = xs.map((_, i) => (stacked ? base[i] : 0) + (s.values[i] || 0));
      g.beginPath();
      upper.forEach((v, i) => i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v)));
      if (stacked) {
        for (let i = xs.length - 1; i >= 0; i--) g.lineTo(x(i), y(base[i]));
        g.closePath();
        g.fillStyle = color + "aa"; g.fill();
        upper.forEach((v, i) => { base[i] = v; });
      } else {
        g.strokeStyle = color; g.lineWidth = 1.6; g.stroke();
        if (xs.length === 1) { g.fillStyle = color; g.fillRect(x(0) - 2, y(upper[0]) - 2, 4, 4); }
      }
    });

    // legend under the x labels
    let lx = left; g.textAlign = "left"; g.textBaseline = "top";
    series.forEach((s, k) => {
      g.fillStyle = COLORS[k % COLORS.length]; g.fillRect(lx, top + h + 20, 10, 8);
      g.fillStyle = "#1d2330"; g.fillText(s.label, lx + 14, top + h + 18);
      lx += 24 + g.measureText(s.label).width;
    });
  }

  return { draw, shortNumber };
})();
