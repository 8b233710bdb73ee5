// polylabel 2 ships no type declarations.
declare module 'polylabel' {
  /** The pole of inaccessibility of a polygon given as rings (shell first); `distance` is its distance to the nearest edge. */
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): number[] & { distance: number };
}
