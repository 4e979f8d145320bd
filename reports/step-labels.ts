/**
 * Where the charts put the upgrade steps' names: on rows along the top of the plot, never two
 * boxes overlapping however short the steps. Each label goes on the first row where it clears
 * the labels already there (steps taken in time order); a name that fits on no row is replaced by
 * the step's number (the # of the run's step table), and a number that fits nowhere is left out
 * (the step's dashed line stays). A label that would run past the plot's right edge is pulled
 * left to end there.
 *
 * The same code runs in the report page (inlined as JavaScript source, since the page's script is
 * plain JavaScript) and in Node (the tests), compiled from that source.
 */

export interface StepLabel {
  /** Where the label would start: just right of its step's line, in pixels. */
  x: number;
  /** The step's name, and the short form (its number) used when the name fits nowhere. */
  full: string;
  short: string;
}

export interface PlacedLabel {
  text: string;
  x: number;
  row: number;
  width: number;
}

export type PlaceLabels = (labels: readonly StepLabel[], measure: (text: string) => number, left: number, right: number, rows: number, gap: number) => PlacedLabel[];

/** JavaScript source of `placeLabels` (see PlaceLabels): the page's script inlines it. */
export const placeLabelsSource = `function placeLabels(labels, measure, left, right, rows, gap) {
  var ends = [];
  for (var r = 0; r < rows; r++) ends.push(-Infinity);
  var placed = [];
  var byX = labels.slice().sort(function (a, b) { return a.x - b.x; });
  for (var i = 0; i < byX.length; i++) {
    var texts = [byX[i].full, byX[i].short];
    for (var k = 0; k < texts.length; k++) {
      var width = measure(texts[k]);
      var x = Math.max(left, Math.min(byX[i].x, right - width));
      if (x + width > right) continue;
      var row = -1;
      for (var j = 0; j < rows && row < 0; j++) if (x >= ends[j] + gap) row = j;
      if (row >= 0) {
        ends[row] = x + width;
        placed.push({ text: texts[k], x: x, row: row, width: width });
        break;
      }
    }
  }
  return placed;
}`;

export const placeLabels = new Function(`${placeLabelsSource}\nreturn placeLabels;`)() as PlaceLabels;
