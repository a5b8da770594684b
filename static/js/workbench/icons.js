// Small stroke icons (24×24), drawn with the current text colour.
import { s } from './dom.js';

const P = {
  select: 'M5 3l14 8-6 1.5L10 19z',
  box: 'M4 6h16v12H4z',
  polygon: 'M5 8l7-4 7 5-2 10H7z',
  polyline: 'M3 19l5-7 5 3 8-10',
  keypoints: 'M12 4v5M12 9l-5 4M12 9l5 4M12 9v6M12 15l-4 5M12 15l4 5',
  zoomIn: 'M10 4a6 6 0 100 12 6 6 0 000-12zM20 20l-5.5-5.5M7 10h6M10 7v6',
  zoomOut: 'M10 4a6 6 0 100 12 6 6 0 000-12zM20 20l-5.5-5.5M7 10h6',
  fit: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  undo: 'M9 14L4 9l5-5M4 9h11a5 5 0 010 10h-4',
  redo: 'M15 14l5-5-5-5M20 9H9a5 5 0 000 10h4',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
  help: 'M12 3a9 9 0 100 18 9 9 0 000-18zM9.5 9.5a2.5 2.5 0 114 2c-1 .7-1.5 1.2-1.5 2.5M12 17h.01',
  book: 'M4 5a2 2 0 012-2h13v16H6a2 2 0 00-2 2zM4 5v16M8 7h7',
  flag: 'M5 21V4M5 4h11l-2 4 2 4H5',
  play: 'M8 5l11 7-11 7z',
  pause: 'M8 5v14M16 5v14',
  replay: 'M4 12a8 8 0 108-8H8M8 4L5 7l3 3',
  close: 'M6 6l12 12M18 6L6 18',
  check: 'M5 12l5 5L20 7',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  folder: 'M3 7a2 2 0 012-2h4l2 2h8a2 2 0 012 2v8a2 2 0 01-2 2H5a2 2 0 01-2-2z',
  eye: 'M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 100 6 3 3 0 000-6z',
  next: 'M5 12h14M13 6l6 6-6 6',
  clock: 'M12 3a9 9 0 100 18 9 9 0 000-18zM12 7v5l3 2',
};

export function icon(name, cls = 'wb-icon') {
  return s('svg', { class: cls, viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: P[name] || P.help }));
}
