// thick_cylinder_2d.geo -- a quadrant (x, y >= 0) of the cross-section of a
// thick-walled cylinder (plane strain), all quadrilaterals (structured).
// Units: micrometres. Inner radius a = 1, outer radius b = 2.
//
// Physical tags (deal.II boundary ids / material id):
//   Curve 1 "inner"      : r = a (the bore, for Loading/Type = pressure)
//   Curve 2 "outer"      : r = b
//   Curve 3 "symmetry_x" : the line x = 0
//   Curve 4 "symmetry_y" : the line y = 0
//   Surface 1 "wall"     : all cells (material_id 1)
//
// Regenerate:  gmsh -2 thick_cylinder_2d.geo -format msh22 -o thick_cylinder_2d.msh

a = 1.0;     // inner radius
b = 2.0;     // outer radius
n = 24;      // cells along the quarter circle
m = 24;      // cells through the wall

Point(1) = {0, 0, 0};
Point(2) = {a, 0, 0};  Point(3) = {0, a, 0};
Point(4) = {b, 0, 0};  Point(5) = {0, b, 0};
Circle(1) = {2, 1, 3};
Circle(2) = {4, 1, 5};
Line(3) = {3, 5};      // x = 0
Line(4) = {2, 4};      // y = 0
Curve Loop(1) = {4, 2, -3, -1};
Plane Surface(1) = {1};
Transfinite Curve {1, 2} = n + 1;
Transfinite Curve {3, 4} = m + 1;
Transfinite Surface {1};
Recombine Surface {1};

Physical Curve("inner", 1)      = {1};
Physical Curve("outer", 2)      = {2};
Physical Curve("symmetry_x", 3) = {3};
Physical Curve("symmetry_y", 4) = {4};
Physical Surface("wall", 1)     = {1};
