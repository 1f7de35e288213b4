// dogbone_2d.geo -- tension dogbone, 2D, all quadrilaterals (structured).
// Units: micrometres.  Axis along x, symmetric about y = 0:
//   grip   x in [0, Lgrip]                  width Wgrip
//   fillet x in [Lgrip, Lgrip + dx]         circular arcs of radius R, tangent
//                                           to the gauge section
//   gauge  x in [Lgrip + dx, Lgrip + dx + Lg]   width Wg
//   fillet and grip mirrored at the other end.
// With R = 0.625 the fillet spans dx = 0.5 and the total length is 4.5.
//
// Physical tags (deal.II boundary ids / material id):
//   Curve 1 "bottom_grip" : end face x = 0
//   Curve 2 "top_grip"    : end face x = L (= 4.5)
//   Curve 4 "free"        : all lateral edges (y = +-..., fillets)
//   Surface 1 "specimen"  : the whole dogbone (material_id 1)
//
// Regenerate:  gmsh -2 dogbone_2d.geo -format msh22 -o dogbone_2d.msh

Lg    = 2.0;    // gauge length
Wg    = 0.5;    // gauge width
Lgrip = 0.75;   // grip length (each end)
Wgrip = 1.0;    // grip width
R     = 0.625;  // fillet radius
dy = (Wgrip - Wg)/2;                 // step in half-width
dx = Sqrt(R^2 - (R - dy)^2);         // axial extent of a fillet
x0 = 0; x1 = Lgrip; x2 = x1 + dx; x3 = x2 + Lg; x4 = x3 + dx; x5 = x4 + Lgrip;
L = x5;
yG = Wgrip/2; yg = Wg/2;

// cells: ny across the width, nx* along each block
ny = 10; nx_grip = 8; nx_fillet = 8; nx_gauge = 40;

// outline points: lower (y < 0) and upper (y > 0) at x0..x5
Point(1)  = {x0, -yG, 0};  Point(11) = {x0, yG, 0};
Point(2)  = {x1, -yG, 0};  Point(12) = {x1, yG, 0};
Point(3)  = {x2, -yg, 0};  Point(13) = {x2, yg, 0};
Point(4)  = {x3, -yg, 0};  Point(14) = {x3, yg, 0};
Point(5)  = {x4, -yG, 0};  Point(15) = {x4, yG, 0};
Point(6)  = {x5, -yG, 0};  Point(16) = {x5, yG, 0};
// fillet centres
Point(21) = {x2, -yg - R, 0};  Point(31) = {x2, yg + R, 0};
Point(22) = {x3, -yg - R, 0};  Point(32) = {x3, yg + R, 0};

// lower edge
Line(1)   = {1, 2};
Circle(2) = {2, 21, 3};
Line(3)   = {3, 4};
Circle(4) = {4, 22, 5};
Line(5)   = {5, 6};
// upper edge
Line(11)   = {11, 12};
Circle(12) = {12, 31, 13};
Line(13)   = {13, 14};
Circle(14) = {14, 32, 15};
Line(15)   = {15, 16};
// transverse lines x = x0 .. x5 (x0 and x5 are the end faces)
For i In {0:5}
  Line(21 + i) = {1 + i, 11 + i};
EndFor

nxs[] = {nx_grip, nx_fillet, nx_gauge, nx_fillet, nx_grip};
For i In {0:4}
  Curve Loop(i + 1) = {1 + i, 22 + i, -(11 + i), -(21 + i)};
  Plane Surface(i + 1) = {i + 1};
  Transfinite Curve{1 + i, 11 + i} = nxs[i] + 1;
  Transfinite Surface{i + 1};
  Recombine Surface{i + 1};
EndFor
Transfinite Curve{21:26} = ny + 1;

Mesh.RecombineAll = 1;
Mesh.ElementOrder = 1;

Physical Curve("bottom_grip", 1) = {21};
Physical Curve("top_grip", 2)    = {26};
Physical Curve("free", 4)        = {1:5, 11:15};
Physical Surface("specimen", 1)  = {1:5};
