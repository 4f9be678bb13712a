// Node shapes, fragment stage: a signed distance per shape (Inigo Quilez's 2D
// distance functions), normalised so 0 is the outline and the shape has about
// the visual weight of a circle of the node's size. An optional border (ring
// members, selection) is drawn inside the outline; edges are antialiased
// except in picking mode, where sigma needs exact ids.
precision highp float;

varying vec4 v_color;
varying vec4 v_borderColor;
varying vec2 v_diffVector;
varying float v_radius;
varying float v_shape;
varying float v_border;

uniform float u_correctionRatio;

const vec4 transparent = vec4(0.0);
const float PI = 3.14159265;

float regularPolygon(vec2 p, float sides, float radius) {
  float angle = atan(p.x, p.y) + PI;
  float slice = 2.0 * PI / sides;
  return cos(floor(0.5 + angle / slice) * slice - angle) * length(p) - radius * cos(slice / 2.0);
}

float star5(vec2 p, float r, float rf) {
  const vec2 k1 = vec2(0.809016994375, -0.587785252292);
  const vec2 k2 = vec2(-k1.x, k1.y);
  p.x = abs(p.x);
  p -= 2.0 * max(dot(k1, p), 0.0) * k1;
  p -= 2.0 * max(dot(k2, p), 0.0) * k2;
  p.x = abs(p.x);
  p.y -= r;
  vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0.0, 1.0);
  float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
  return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

// Shape codes match SHAPES in node-shape-program.ts.
float shapeDistance(vec2 p, float shape) {
  if (shape < 0.5) return length(p) - 1.0;
  if (shape < 1.5) {
    vec2 d = abs(p) - vec2(0.86);
    return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
  }
  if (shape < 2.5) return (abs(p.x) + abs(p.y)) * 0.7071 - 0.86;
  // Sigma's graph space has y pointing up on screen: 'triangle' (▲) has its apex at +y.
  if (shape < 3.5) return regularPolygon(p + vec2(0.0, 0.25), 3.0, 1.3);
  if (shape < 4.5) return regularPolygon(p * vec2(1.0, -1.0) + vec2(0.0, 0.25), 3.0, 1.3);
  if (shape < 5.5) return regularPolygon(p, 6.0, 1.08);
  return star5(p * vec2(1.0, -1.0) + vec2(0.0, 0.1), 1.3, 0.5);
}

void main(void) {
  vec2 p = v_diffVector / v_radius;
  float aa = u_correctionRatio * 2.0 / v_radius;
  float dist = shapeDistance(p, v_shape);

  #ifdef PICKING_MODE
  gl_FragColor = dist > 0.0 ? transparent : v_color;
  #else
  vec4 inside = dist > -v_border ? v_borderColor : v_color;
  // Soften the fill/border seam a little too.
  if (v_border > 0.0) inside = mix(v_color, v_borderColor, smoothstep(-v_border - aa, -v_border, dist));
  float t = clamp(dist / aa + 0.5, 0.0, 1.0);
  gl_FragColor = mix(inside, transparent, t);
  #endif
}
