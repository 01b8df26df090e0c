/* Sanad satisfaction report: draws the charts from the page's own data with Chart.js (served
   from this origin). The figures are in tables beside each chart, so the page reads without it. */
(function () {
  'use strict';
  var dataEl = document.getElementById('survey-data');
  var printButton = document.querySelector('[data-print]');
  if (printButton) printButton.addEventListener('click', function () { window.print(); });
  if (!dataEl || !window.Chart) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var colours = ['#0b6b5e', '#9a4d00', '#1d4ed8', '#6b21a8'];
  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#1a1a1a';
  // Charts are redrawn at print size, so the monthly report prints them sharp.
  Chart.defaults.animation = false;
  var canvases = document.querySelectorAll('canvas[data-chart]');
  for (var i = 0; i < canvases.length; i++) {
    var canvas = canvases[i];
    var spec = data.charts && data.charts[canvas.getAttribute('data-chart')];
    if (!spec) continue;
    var datasets = spec.datasets.map(function (d, j) {
      return { label: d.label, data: d.data, backgroundColor: colours[j % colours.length], borderColor: colours[j % colours.length], borderWidth: 2, spanGaps: true };
    });
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        locale: document.documentElement.lang === 'ar' ? 'ar-SA' : 'en-GB',
        plugins: {
          legend: { rtl: data.rtl, textDirection: data.rtl ? 'rtl' : 'ltr', display: datasets.length > 1 },
          tooltip: { rtl: data.rtl, textDirection: data.rtl ? 'rtl' : 'ltr' }
        },
        scales: {
          x: { reverse: data.rtl },
          y: { position: data.rtl ? 'right' : 'left', beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { precision: 0 } }
        }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
    canvas.chart = chart;
  }
  window.addEventListener('beforeprint', function () {
    for (var k = 0; k < canvases.length; k++) if (canvases[k].chart) canvases[k].chart.resize();
  });
})();
