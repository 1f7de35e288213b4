// hollow_sphere_3d.geo -- an octant (x, y, z >= 0) of a thick-walled hollow
// sphere, all hexahedra (structured). Units: micrometres.
// Inner radius a = 1, outer radius b = 2. Each spherical octant is split into
// three four-sided patches meeting at the point on the diagonal (1,1,1)/sqrt(3)
// (the "cubed sphere"), so the shell is three transfinite hexahedral blocks.
//
// Physical tags (deal.II boundary ids / material id):
//   Surface 1 "inner"      : r = a (the bore, for Loading/Type = pressure)
//   Surface 2 "outer"      : r = b
//   Surface 3 "symmetry_x" : the plane x = 0
//   Surface 4 "symmetry_y" : the plane y = 0
//   Surface 5 "symmetry_z" : the plane z = 0
//   Volume  1 "shell"      : all cells (material_id 1)
//
// Regenerate:  gmsh -3 hollow_sphere_3d.geo -format msh22 -o hollow_sphere_3d.msh

a = 1.0;     // inner radius
b = 2.0;     // outer radius
n = 8;       // cells along each edge of a patch (a quarter great circle has 2n)
m = 16;      // cells through the wall

Point(1) = {0, 0, 0};
s2 = 1/Sqrt(2); s3 = 1/Sqrt(3);
// corners of the patches on the sphere of radius R = a (k = 0), b (k = 1):
// 10k+2 on x, +3 on y, +4 on z, +5 (x=y), +6 (x=z), +7 (y=z), +8 the diagonal
For k In {0:1}
  R = (k == 0) ? a : b;
  o = 10*k;
  Point(o+2) = {R, 0, 0};
  Point(o+3) = {0, R, 0};
  Point(o+4) = {0, 0, R};
  Point(o+5) = {R*s2, R*s2, 0};
  Point(o+6) = {R*s2, 0, R*s2};
  Point(o+7) = {0, R*s2, R*s2};
  Point(o+8) = {R*s3, R*s3, R*s3};
  // great-circle arcs (centre at the origin): 100k + ...
  Circle(100*k+1) = {o+2, 1, o+5};   // x -> x=y   (z = 0)
  Circle(100*k+2) = {o+5, 1, o+3};   // x=y -> y   (z = 0)
  Circle(100*k+3) = {o+2, 1, o+6};   // x -> x=z   (y = 0)
  Circle(100*k+4) = {o+6, 1, o+4};   // x=z -> z   (y = 0)
  Circle(100*k+5) = {o+3, 1, o+7};   // y -> y=z   (x = 0)
  Circle(100*k+6) = {o+7, 1, o+4};   // y=z -> z   (x = 0)
  Circle(100*k+7) = {o+5, 1, o+8};   // x=y -> diagonal
  Circle(100*k+8) = {o+6, 1, o+8};   // x=z -> diagonal
  Circle(100*k+9) = {o+7, 1, o+8};   // y=z -> diagonal
  // the three patches: near x, near y, near z
  Curve Loop(100*k+11) = {100*k+1, 100*k+7, -(100*k+8), -(100*k+3)};
  Surface(100*k+11) = {100*k+11} In Sphere {1};
  Curve Loop(100*k+12) = {-(100*k+2), 100*k+7, -(100*k+9), -(100*k+5)};
  Surface(100*k+12) = {100*k+12} In Sphere {1};
  Curve Loop(100*k+13) = {-(100*k+4), 100*k+8, -(100*k+9), 100*k+6};
  Surface(100*k+13) = {100*k+13} In Sphere {1};
EndFor

// radial lines from a to b: 300 + the corner index
For c In {2:8}
  Line(300+c) = {c, 10+c};
EndFor

// planar faces between r = a and r = b
// z = 0: x -> x=y (401), x=y -> y (402)
Curve Loop(401) = {1, 305, -101, -302};   Plane Surface(401) = {401};
Curve Loop(402) = {2, 303, -102, -305};   Plane Surface(402) = {402};
// y = 0: x -> x=z (403), x=z -> z (404)
Curve Loop(403) = {3, 306, -103, -302};   Plane Surface(403) = {403};
Curve Loop(404) = {4, 304, -104, -306};   Plane Surface(404) = {404};
// x = 0: y -> y=z (405), y=z -> z (406)
Curve Loop(405) = {5, 307, -105, -303};   Plane Surface(405) = {405};
Curve Loop(406) = {6, 304, -106, -307};   Plane Surface(406) = {406};
// interior faces: x=y (407), x=z (408), y=z (409) to the diagonal
Curve Loop(407) = {7, 308, -107, -305};   Plane Surface(407) = {407};
Curve Loop(408) = {8, 308, -108, -306};   Plane Surface(408) = {408};
Curve Loop(409) = {9, 308, -109, -307};   Plane Surface(409) = {409};

// blocks
Surface Loop(501) = {11, 111, 401, 407, 408, 403};  Volume(1) = {501};
Surface Loop(502) = {12, 112, 402, 407, 409, 405};  Volume(2) = {502};
Surface Loop(503) = {13, 113, 404, 408, 409, 406};  Volume(3) = {503};

Transfinite Curve {1:9, 101:109} = n + 1;
Transfinite Curve {302:308} = m + 1;
Transfinite Surface {11:13, 111:113, 401:409};
Recombine Surface {11:13, 111:113, 401:409};
Transfinite Volume {1:3};
Recombine Volume {1:3};

Physical Surface("inner", 1)      = {11, 12, 13};
Physical Surface("outer", 2)      = {111, 112, 113};
Physical Surface("symmetry_x", 3) = {405, 406};
Physical Surface("symmetry_y", 4) = {403, 404};
Physical Surface("symmetry_z", 5) = {401, 402};
Physical Volume("shell", 1)       = {1, 2, 3};
