//! Draws the example dossier's diagrams: `cargo run --release --example
//! svg_to_png -- examples/images/x.svg content/…/x.png` renders an SVG
//! with the default theme's fonts into a PNG of the SVG's size, which the
//! build then processes like any photograph.

use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [svg, png] = args.as_slice() else {
        return Err("usage: svg_to_png IN.svg OUT.png".into());
    };
    let mut fonts = resvg::usvg::fontdb::Database::new();
    for name in ["CharisSIL-Regular.ttf", "CharisSIL-Bold.ttf"] {
        fonts.load_font_data(std::fs::read(format!("themes/default/fonts/{name}"))?);
    }
    let options = resvg::usvg::Options {
        fontdb: Arc::new(fonts),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(&std::fs::read_to_string(svg)?, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("an empty SVG")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    image::save_buffer(
        png,
        &rgb,
        size.width(),
        size.height(),
        image::ColorType::Rgb8,
    )?;
    Ok(())
}
