/**
 * Charts for the reports Fidel writes (the training report, the round-trip report): {@link dev.fidel.chart.LineChart}
 * draws lines over numeric axes with a charting library (JFreeChart) and writes them as SVG whose labels are text, so
 * a page can inline them, a browser can search them and a test can read their axes.
 */
package dev.fidel.chart;
