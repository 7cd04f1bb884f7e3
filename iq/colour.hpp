#pragma once
// Colour spaces for IQ measurement: sRGB (IEC 61966-2-1), CIE XYZ, CIE 1976 L*a*b* under D50 and
// D65, Bradford chromatic adaptation, and the simple colour differences (dE76, chroma).
namespace ispsim::iq {

// sRGB with components in 0..1; "encoded" is the non-linear signal, "linear" the light.
struct Rgb {
  double r = 0, g = 0, b = 0;
};
// CIE 1931 XYZ with Y = 1 for the white.
struct Xyz {
  double x = 0, y = 0, z = 0;
};
// CIE 1976 L*a*b*.
struct Lab {
  double l = 0, a = 0, b = 0;
};

// D65 from its chromaticity (0.3127, 0.3290), the sRGB white (IEC 61966-2-1).
extern const Xyz kWhiteD65;
// D50 as the ICC profile connection space white (ICC.1:2010, 0.9642, 1.0, 0.8249).
extern const Xyz kWhiteD50;

// sRGB transfer function, IEC 61966-2-1: linear segment below 0.0031308 (encoded 0.04045).
double srgb_encode(double linear);
double srgb_decode(double encoded);
Rgb srgb_encode(const Rgb& linear);
Rgb srgb_decode(const Rgb& encoded);

// Linear sRGB <-> XYZ (D65 white); the matrix is derived from the sRGB primaries and white point.
Xyz linear_srgb_to_xyz(const Rgb& linear);
Rgb xyz_to_linear_srgb(const Xyz& xyz);

// CIE 1976 L*a*b* relative to the given white (CIE 15:2004, with epsilon 216/24389, kappa
// 24389/27).
Lab xyz_to_lab(const Xyz& xyz, const Xyz& white);
Xyz lab_to_xyz(const Lab& lab, const Xyz& white);

// Bradford chromatic adaptation (von Kries in the Bradford cone space) from one white to another.
Xyz bradford_adapt(const Xyz& xyz, const Xyz& source_white, const Xyz& destination_white);
inline Xyz adapt_d65_to_d50(const Xyz& xyz) {
  return bradford_adapt(xyz, kWhiteD65, kWhiteD50);
}
inline Xyz adapt_d50_to_d65(const Xyz& xyz) {
  return bradford_adapt(xyz, kWhiteD50, kWhiteD65);
}

// Encoded sRGB (0..1) <-> L*a*b* D50 through XYZ D65 and Bradford: how a chart photographed and
// rendered to sRGB is compared with reference values published for D50.
Lab srgb_to_lab_d50(const Rgb& encoded);
Rgb lab_d50_to_srgb(const Lab& lab);

// C*ab and h_ab (degrees, 0..360).
double chroma(const Lab& lab);
double hue_deg(const Lab& lab);

// CIE 1976 colour difference: Euclidean distance in L*a*b*.
double delta_e76(const Lab& reference, const Lab& sample);
// CIE chroma difference Delta C*ab = C*ab(sample) - C*ab(reference): positive when more saturated.
double delta_chroma(const Lab& reference, const Lab& sample);
// Distance in the a*b* plane, ignoring lightness: how far a colour cast moves a patch.
double delta_ab(const Lab& reference, const Lab& sample);

}  // namespace ispsim::iq
