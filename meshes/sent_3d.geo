// sent_3d.geo -- single-edge-notched tension (SENT) strip, 3D, all hexahedra.
// Units: micrometres.  The 2D strip of sent_2d.geo (x in [0,W], y in [0,H],
// slit notch of width s and length a from x = 0 at y = H/2, flat tip), with a
// coarser in-plane mesh, extruded in z over the thickness B with nz layers of
// hexahedra (through-thickness straight notch front).
//
// Physical tags (deal.II boundary ids / material id):
//   Surface 1 "bottom_grip" : y = 0
//   Surface 2 "top_grip"    : y = H
//   Surface 3 "notch"       : the two slit faces and the slit tip
//   Surface 4 "free"        : x = 0 (above and below the slit), x = W, z = 0, z = B
//   Volume  1 "specimen"    : the whole strip (material_id 1)
//
// Regenerate:  gmsh -3 sent_3d.geo -format msh22 -o sent_3d.msh

W = 1.0;      // width
H = 2.0;      // height
a = 0.25;     // notch length (a/W = 0.25)
s = 0.01;     // slit width
B = 0.25;     // thickness (z from 0 to B)
nz = 6;       // hexahedron layers through the thickness
// mesh sizes (before the full-quad splitting of every element into 4 quads,
// so the element edges in the .msh are about half of these)
h_tip  = 0.01;   // at the slit tip
h_face = 0.04;   // along the slit faces
h_far  = 0.2;    // far from the notch
r_tip  = 0.6;    // distance from the tip over which h grows to h_far
r_face = 0.4;    // distance from the slit faces over which h grows to h_far

yl = H/2 - s/2;  // lower slit face
yu = H/2 + s/2;  // upper slit face

Point(1) = {0, 0,  0};
Point(2) = {W, 0,  0};
Point(3) = {W, H,  0};
Point(4) = {0, H,  0};
Point(5) = {0, yu, 0};
Point(6) = {a, yu, 0};
Point(7) = {a, yl, 0};
Point(8) = {0, yl, 0};

Line(1) = {1, 2};   // bottom
Line(2) = {2, 3};   // right
Line(3) = {3, 4};   // top
Line(4) = {4, 5};   // left, above the slit
Line(5) = {5, 6};   // upper slit face
Line(6) = {6, 7};   // slit tip
Line(7) = {7, 8};   // lower slit face
Line(8) = {8, 1};   // left, below the slit

Curve Loop(1) = {1, 2, 3, 4, 5, 6, 7, 8};
Plane Surface(1) = {1};

// size field: finest at the slit tip, graded outwards
Field[1] = Distance;
Field[1].CurvesList = {6};
Field[1].NumPointsPerCurve = 20;
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = h_tip;
Field[2].SizeMax = h_far;
Field[2].DistMin = 0.5*s;
Field[2].DistMax = r_tip;
Field[3] = Distance;
Field[3].CurvesList = {5, 7};
Field[3].NumPointsPerCurve = 100;
Field[4] = Threshold;
Field[4].InField = 3;
Field[4].SizeMin = h_face;
Field[4].SizeMax = h_far;
Field[4].DistMin = 0;
Field[4].DistMax = r_face;
Field[5] = Min;
Field[5].FieldsList = {2, 4};
Background Field = 5;
Mesh.MeshSizeExtendFromBoundary = 0;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeFromCurvature = 0;

// all-quadrilateral surface mesh: Frontal-Delaunay triangulation + "Blossom
// full-quad" recombination (recombines, then splits every quad into 4 and
// every leftover triangle into 3 quads, so no triangle survives).  The
// post-meshing Mesh.SubdivisionAlgorithm = 1 used in sent_2d.geo has no effect
// on this extruded mesh in gmsh 4.8.4, hence full-quad here.  (Mesh.Algorithm = 8,
// "Frontal-Delaunay for quads", segfaults in Debian's gmsh 4.8.4.)
Mesh.Algorithm = 6;
Mesh.RecombinationAlgorithm = 3;
Mesh.RecombineAll = 1;
Mesh.SubdivisionAlgorithm = 0;
Mesh.ElementOrder = 1;

// extrude the recombined (all-quad) surface mesh: every element is a hexahedron
// ex[0] = top face (z = B), ex[1] = volume, ex[2..9] = lateral faces swept by
// curves 1..8 in the order of Curve Loop(1)
ex[] = Extrude {0, 0, B} { Surface{1}; Layers{nz}; Recombine; };

Physical Surface("bottom_grip", 1) = {ex[2]};                     // curve 1
Physical Surface("top_grip", 2)    = {ex[4]};                     // curve 3
Physical Surface("notch", 3)       = {ex[6], ex[7], ex[8]};       // curves 5, 6, 7
Physical Surface("free", 4)        = {ex[3], ex[5], ex[9], 1, ex[0]}; // curves 2, 4, 8; z = 0; z = B
Physical Volume("specimen", 1)     = {ex[1]};
