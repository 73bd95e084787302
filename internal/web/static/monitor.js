// Talentloket regional monitor: draws the charts from the data-chart
// attribute of each chart container (the data of the table beside it),
// offers PNG downloads, and refreshes the progress page of a running
// import. No inline script: the page's CSP forbids it.
(function () {
  'use strict';

  var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var charts = [];

  function numberFormat(lang) {
    try {
      return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 1 });
    } catch (e) {
      return { format: function (v) { return String(v); } };
    }
  }

  function option(spec) {
    var fmt = numberFormat(spec.lang);
    var unit = spec.percent ? '%' : '';
    var show = function (v) { return v === null || v === undefined ? '–' : fmt.format(v) + unit; };
    var series = [];
    var names = [];
    (spec.series || []).forEach(function (s, i) {
      var kind = s.kind || spec.kind || 'line';
      names.push(s.name);
      series.push({
        name: s.name, type: kind, data: s.data, connectNulls: false, symbolSize: 6,
        lineStyle: { type: s.dashed ? 'dashed' : 'solid', width: 2 },
        emphasis: { focus: 'series' }
      });
      if (s.lower && s.upper) {
        // The prediction interval as a band: the lower bound, then the
        // width stacked on it.
        var width = s.upper.map(function (u, j) {
          var l = s.lower[j];
          return u === null || l === null || u === undefined || l === undefined ? null : u - l;
        });
        series.push({ name: s.name + ' ·', type: 'line', data: s.lower, stack: 'band' + i, symbol: 'none', silent: true,
          lineStyle: { opacity: 0 }, tooltip: { show: false } });
        series.push({ name: s.name + ' ··', type: 'line', data: width, stack: 'band' + i, symbol: 'none', silent: true,
          lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.18 }, tooltip: { show: false } });
      }
    });
    var many = (spec.x || []).length > 6 && spec.kind === 'bar';
    return {
      animation: !reduced,
      aria: { enabled: true },
      tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: show },
      legend: { data: names, top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: spec.x, axisLabel: { rotate: many ? 35 : 0, hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: function (v) { return fmt.format(v) + unit; } } },
      series: series
    };
  }

  function draw(el) {
    var spec;
    try {
      spec = JSON.parse(el.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var chart = window.echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option(spec));
    charts.push(chart);
    var button = document.querySelector('button[data-png="' + el.id + '"]');
    if (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var a = document.createElement('a');
        a.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
        a.download = 'regiomonitor-' + (button.getAttribute('data-name') || 'grafiek') + '.png';
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    }
  }

  function start() {
    if (window.echarts) {
      document.querySelectorAll('.chart-canvas[data-chart]').forEach(draw);
      var pending;
      window.addEventListener('resize', function () {
        clearTimeout(pending);
        pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
      });
    }
    var refresh = document.querySelector('[data-refresh]');
    if (refresh) {
      setTimeout(function () { window.location.reload(); }, parseInt(refresh.getAttribute('data-refresh'), 10) || 1500);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
