/**
 * Where the charts put the upgrade steps' names: on rows along the top of the plot, never two
 * boxes overlapping however short the steps. Each label goes on the first row where it clears
 * the labels already there (steps taken in time order); a name that fits on no row is replaced by
 * the step's number (the # of the run's step table). When even a step's number finds no room, the
 * widest name before it is shortened to its number and the labels are placed again, so a crowd of
 * short steps keeps a label each; only a number that fits nowhere at all is left out (the step's
 * dashed line stays). A label that would run past the plot's right edge is pulled left to end there.
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
  var byX = labels.slice().sort(function (a, b) { return a.x - b.x; });
  var short = byX.map(function () { return false; });
  for (;;) {
    var ends = [];
    for (var r = 0; r < rows; r++) ends.push(-Infinity);
    var placed = [];
    var missing = -1;
    for (var i = 0; i < byX.length; i++) {
      var texts = short[i] ? [byX[i].short] : [byX[i].full, byX[i].short];
      var done = false;
      for (var k = 0; k < texts.length && !done; k++) {
        var width = measure(texts[k]);
        var x = Math.max(left, Math.min(byX[i].x, right - width));
        if (x + width > right) continue;
        for (var j = 0; j < rows && !done; j++) {
          if (x < ends[j] + gap) continue;
          ends[j] = x + width;
          placed.push({ text: texts[k], x: x, row: j, width: width });
          done = true;
        }
      }
      if (!done && missing < 0) missing = i;
    }
    if (missing < 0) return placed;
    // A step got no label: the widest name placed before it becomes its number, and all go again.
    var widest = -1;
    for (var p = 0; p < missing; p++) if (!short[p] && (widest < 0 || measure(byX[p].full) > measure(byX[widest].full))) widest = p;
    if (widest < 0) return placed;
    short[widest] = true;
  }
}`;

export const placeLabels = new Function(`${placeLabelsSource}\nreturn placeLabels;`)() as PlaceLabels;
