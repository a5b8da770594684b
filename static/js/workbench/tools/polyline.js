// Polylines: the polygon tool without closing. At least 2 points; finish with Enter, a double
// click, or a click on the last point. A small square marks the start of each line.
import { pathTool } from './polygon.js';

export const polylineTool = pathTool(false);
