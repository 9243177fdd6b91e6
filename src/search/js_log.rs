//! The natural logarithm as the browsers' JavaScript engines compute
//! `Math.log`, to the last bit: the topic pages written at build time
//! ([`super::static_topics`]) carry scores the searcher must reproduce
//! exactly, and their idf is a logarithm.
//!
//! `f64::ln` is the platform's libm (glibc here), which rounds correctly in
//! practice; V8 (Chromium 148, Node 20) and SpiderMonkey compute `Math.log`
//! with fdlibm's `e_log.c`, whose error is under one ulp but not nil: for
//! about one idf in thirty the two differ in the last bit. So this is
//! fdlibm's algorithm, step for step.
//!
//! Derived from fdlibm's `e_log.c`:
//!
//! > Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//! >
//! > Developed at SunSoft, a Sun Microsystems, Inc. business.
//! > Permission to use, copy, modify, and distribute this
//! > software is freely granted, provided that this notice
//! > is preserved.

const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// fdlibm's `0.33333333333333333` (the nearest double to 1/3).
const ONE_THIRD: f64 = f64::from_bits(0x3fd5_5555_5555_5555);
const TWO54: f64 = f64::from_bits(0x4350_0000_0000_0000);
/// The coefficients of fdlibm's polynomial for `log(1+f)` (Remez, degree 14).
const LG: [f64; 7] = [
    f64::from_bits(0x3fe5_5555_5555_5593),
    f64::from_bits(0x3fd9_9999_9997_fa04),
    f64::from_bits(0x3fd2_4924_9422_9359),
    f64::from_bits(0x3fcc_71c5_1d8e_78af),
    f64::from_bits(0x3fc7_4664_96cb_03de),
    f64::from_bits(0x3fc3_9a09_d078_c69f),
    f64::from_bits(0x3fc2_f112_df3e_5244),
];

/// `Math.log(x)` as fdlibm computes it.
pub fn log(mut x: f64) -> f64 {
    let bits = x.to_bits();
    let mut hx = (bits >> 32) as u32 as i32;
    let lx = bits as u32;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 {
        // Zero, negative or subnormal.
        if (hx & 0x7fff_ffff) as u32 | lx == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        k -= 54;
        x *= TWO54;
        hx = (x.to_bits() >> 32) as u32 as i32;
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    // x or x/2 into [sqrt(2)/2, sqrt(2)).
    let i = (hx + 0x95f64) & 0x0010_0000;
    let high = (hx | (i ^ 0x3ff0_0000)) as u32;
    x = f64::from_bits(u64::from(high) << 32 | (x.to_bits() & 0xffff_ffff));
    k += i >> 20;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000f_ffff & (2 + hx)) < 3 {
        // |f| < 2^-20.
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - ONE_THIRD * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG[1] + w * (LG[3] + w * LG[5]));
    let t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
    let r = t2 + t1;
    if ((hx - 0x6147a) | (0x6b851 - hx)) > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_browsers_compute_it() {
        // Chromium 148 and Node 20 print these for Math.log(1 + 100000 / n)
        // (n = 63059, 62602, 2427); glibc gives one ulp less for each.
        assert_eq!(log(1.0 + 100_000.0 / 63_059.0), 0.950_041_302_425_996_4);
        assert_eq!(log(1.0 + 100_000.0 / 62_602.0), 0.954_508_270_683_578_4);
        assert_eq!(log(1.0 + 100_000.0 / 2_427.0), 3.742_494_422_980_623_6);
        assert_eq!(log(1.0), 0.0);
        assert_eq!(log(std::f64::consts::E), 1.0);
        assert_eq!(log(0.0), f64::NEG_INFINITY);
        assert!(log(-1.0).is_nan());
        assert_eq!(log(f64::INFINITY), f64::INFINITY);
        // Near 1 (the short series) and subnormal.
        assert!((log(1.0 + 1e-7) - 1e-7).abs() < 1e-14);
        assert!((log(5e-324) + 744.440_071_921_381).abs() < 1e-9);
    }
}
