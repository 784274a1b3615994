//! Writes synthetic photographs for the image benchmark: JPEGs with the
//! detail of a photo (gradients and noise), so that decoding, resizing and
//! encoding cost what real ones do.
//!
//!     cargo run --release --example make_photos -- OUT_DIR COUNT [WIDTH HEIGHT]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(count)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u32>().ok()))
    else {
        eprintln!("usage: make_photos OUT_DIR COUNT [WIDTH HEIGHT]");
        std::process::exit(2);
    };
    let width: u32 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(3000);
    let height: u32 = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(2000);
    std::fs::create_dir_all(out).expect("the output folder");
    for n in 0..count {
        let mut state = u64::from(n) * 6364136223846793005 + 1442695040888963407;
        let image = RgbImage::from_fn(width, height, |x, y| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let noise = (state >> 58) as u32;
            let r = (x * 255 / width + noise) as u8;
            let g = (y * 255 / height + noise) as u8;
            let b = ((x + y + n * 37) % 256) as u8;
            image::Rgb([r, g, b])
        });
        let mut bytes = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(image)
            .write_to(&mut bytes, ImageFormat::Jpeg)
            .expect("a JPEG");
        std::fs::write(format!("{out}/p{n}.jpg"), bytes.into_inner()).expect("the photo");
    }
}
