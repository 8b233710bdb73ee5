// Geometry helpers with no domain knowledge: point in polygon, a spatial index, measures,
// validation, boolean operations, splitting, simplification and the GCJ-02 datum.
export { difference, differenceArea, intersectionArea, union } from './clip.js';
export { gcj02ToWgs84, wgs84ToGcj02 } from './crs.js';
export { areaM2, geometryBBox, labelPoint, metresBetween } from './measure.js';
export { pointInGeometry } from './point-in-polygon.js';
export { simplify } from './simplify.js';
export { SpatialIndex } from './spatial-index.js';
export { splitByLine } from './split.js';
export { type BBox, GeometryError, type LngLat, type PolygonGeometry } from './types.js';
export { type GeometryProblem, geometryProblems } from './validate.js';
