// Node shapes, vertex stage: one triangle per node, large enough that every
// shape (circle, square, diamond, triangles, hexagon, star) fits inside its
// inscribed circle. Sizes follow sigma's circle program so shapes and sigma's
// labels, hover and picking agree on where a node is.
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec4 a_borderColor;
attribute vec2 a_position;
attribute float a_size;
attribute float a_shape;
attribute float a_border;
attribute float a_angle;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;

varying vec4 v_color;
varying vec4 v_borderColor;
varying vec2 v_diffVector;
varying float v_radius;
varying float v_shape;
varying float v_border;

const float bias = 255.0 / 254.0;
// The triangle's inscribed circle must hold a square's corners: 1.45 > sqrt(2).
const float spread = 1.45;

void main() {
  float size = a_size * u_correctionRatio / u_sizeRatio * 4.0;
  vec2 diffVector = spread * size * vec2(cos(a_angle), sin(a_angle));
  vec2 position = a_position + diffVector;
  gl_Position = vec4((u_matrix * vec3(position, 1)).xy, 0, 1);

  v_diffVector = diffVector;
  v_radius = size / 2.0;
  v_shape = a_shape;
  v_border = a_border;

  #ifdef PICKING_MODE
  v_color = a_id;
  v_borderColor = a_id;
  #else
  v_color = a_color;
  v_borderColor = a_borderColor;
  #endif

  v_color.a *= bias;
  v_borderColor.a *= bias;
}
