//! Images: lead images of stories and profiles' pictures, processed into
//! variants that exist at the widths their `srcset` claims, cached by
//! content, and every way an image can be named wrong.

use crate::common::{self, Site, jpeg, json_ld, png};

const STORY: &str = "content/stories/2013/talks.md";

/// The basic fixture with a lead image on the talks story.
fn illustrated(lead: &str) -> Site {
    let site = Site::fixture("basic");
    site.write_bytes("static/images/talks.jpg", &jpeg(1300, 650));
    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(
        STORY,
        &text.replace("tags: [diplomacy]\n", &format!("tags: [diplomacy]\n{lead}")),
    );
    site
}

const LEAD: &str = "image: /images/talks.jpg\nimage_alt: Two ministers at a table\nimage_caption: The talks.\nimage_credit: Desk photo\n";

/// `(path, width)` of every `srcset` candidate in `html`'s first `attribute`.
fn candidates(html: &str, attribute: &str) -> Vec<(String, u32)> {
    let start = html.find(&format!("{attribute}=\"")).expect(attribute) + attribute.len() + 2;
    let end = start + html[start..].find('"').unwrap();
    html[start..end]
        .split(", ")
        .map(|c| {
            let (path, width) = c.split_once(' ').unwrap();
            (
                path.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_lead_image_is_offered_at_every_width_its_srcset_claims() {
    let site = illustrated(LEAD);
    let report = site.built();
    assert_eq!(report.images_decoded, 1);
    let page = site.page("stories/talks/index.html");
    let figure = &page[page
        .find("<figure class=\"lead-image\">")
        .expect("a lead image")..];
    for attribute in ["srcset", "<source type=\"image/webp\" srcset"] {
        let found = candidates(figure, attribute);
        let widths: Vec<u32> = found.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            widths,
            [480, 800, 1200, 1300],
            "never wider than the original"
        );
        for (path, width) in found {
            let file = path.strip_prefix("/dossiers/assange/").unwrap();
            let image = image::load_from_memory(&std::fs::read(site.output().join(file)).unwrap())
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(
                (image.width(), image.height()),
                (width, width / 2),
                "{file}"
            );
        }
    }
    assert!(figure.contains("width=\"1300\" height=\"650\" alt=\"Two ministers at a table\">"));
    assert!(
        !figure[..figure.find("</figure>").unwrap()].contains("loading=\"lazy\""),
        "the lead image loads at once"
    );
    assert!(
        figure.contains(
            "<figcaption>The talks. <span class=\"credit\">Desk photo</span></figcaption>"
        )
    );
    // Shared and in structured data, absolute.
    let og = "<meta property=\"og:image\" content=\"https://example.org/dossiers/assange/_img/";
    assert!(page.contains(og), "{page}");
    // The width social networks show, not the widest.
    assert!(
        page.contains("-1200.jpg\">\n<meta property=\"og:image:width\" content=\"1200\">"),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:image:alt\" content=\"Two ministers at a table\">"));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let article = json_ld(&page);
    let image = article["image"].as_str().unwrap();
    assert!(
        image.starts_with("https://example.org/dossiers/assange/_img/")
            && image.ends_with("-1200.jpg")
    );
}

#[test]
fn an_unchanged_image_is_never_decoded_again_and_unused_variants_go() {
    let site = illustrated(LEAD);
    assert_eq!(site.built().images_decoded, 1);
    // Another build, or a rebuild with watch mode's cache: nothing decoded.
    assert_eq!(site.built().images_decoded, 0);
    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(STORY, &text.replace("The talks.", "The talks, in London."));
    let mut cache = dossier::build::Cache::default();
    let report = dossier::build::build_with(&site.options(), Some(&mut cache), &()).unwrap();
    assert_eq!(report.images_decoded, 0);
    // Deleting the cache only makes the next build that renders slower.
    std::fs::remove_dir_all(site.root().join(".dossier-cache")).unwrap();
    site.write(STORY, &text.replace("The talks.", "The talks, in 2013."));
    assert_eq!(site.built().images_decoded, 1);
    // A new version of the file is new variants; the old ones leave the output.
    let variants = |site: &Site| -> Vec<String> {
        std::fs::read_dir(site.output().join("_img"))
            .map(|d| {
                d.map(|e| e.unwrap().file_name().into_string().unwrap())
                    .filter(|name| !name.starts_with("card-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = variants(&site);
    assert_eq!(before.len(), 8, "{before:?}");
    site.write_bytes("static/images/talks.jpg", &jpeg(1000, 500));
    assert_eq!(site.built().images_decoded, 1);
    let after = variants(&site);
    assert_eq!(after.len(), 6, "{after:?}");
    assert!(before.iter().all(|b| !after.contains(b)));
    // An image no page shows is not in the output.
    site.write(STORY, &text.replace(LEAD, ""));
    site.built();
    assert!(variants(&site).is_empty());
}

#[test]
fn a_profile_picture_is_processed_and_described_by_its_name() {
    let site = Site::fixture("basic");
    site.write_bytes("static/images/patino.jpg", &jpeg(600, 800));
    site.write(
        "content/people/ricardo-patino.md",
        "---\nname: Ricardo Patiño\nimage: /images/patino.jpg\nimage_credit: Desk\n---\n",
    );
    site.built();
    let page = site.page("people/ricardo-patino/index.html");
    assert!(
        page.contains("width=\"600\" height=\"800\" alt=\"Ricardo Patiño\">"),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:image:width\" content=\"600\">"));
    let thing = json_ld(&page);
    assert!(thing["image"].as_str().unwrap().ends_with("-600.jpg"));
    // SVGs and images elsewhere are used as they are.
    let assange = site.page("people/julian-assange/index.html");
    assert!(
        assange
            .contains("<img src=\"/dossiers/assange/images/assange.svg\" alt=\"Julian Assange\">")
    );
}

/// A PNG whose header says it is `width`×`height`, and nothing more.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in [chunk, b"IDAT".to_vec(), b"IEND".to_vec()] {
        png.extend((chunk.len() as u32 - 4).to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
    }
    png
}

#[test]
fn an_image_named_wrong_is_an_error_at_its_line() {
    /// The lead image's lines, a file to write, the error and its hint.
    type Case<'a> = (
        &'a str,
        Option<(&'a str, &'a [u8])>,
        &'a str,
        Option<&'a str>,
    );
    let cases: [Case; 6] = [
        (
            "image: /images/talk.jpg\nimage_alt: A table\n",
            None,
            "talks.md:10:8: error: `/images/talk.jpg` is no file of static/",
            Some("did you mean `/images/talks.jpg`?"),
        ),
        (
            "image: /images/talks.jpg\n",
            None,
            "talks.md:10:8: error: `image: /images/talks.jpg` has no `image_alt`",
            None,
        ),
        (
            "image: images/talks.jpg\nimage_alt: A table\n",
            None,
            "talks.md:10:8: error: there is no image at content/stories/2013/images/talks.jpg",
            Some("for the file of static/, write `/images/talks.jpg`"),
        ),
        (
            "image: ../../../static/images/talks.jpg\nimage_alt: A table\n",
            None,
            "talks.md:10:8: error: `image: ../../../static/images/talks.jpg` leads out of content/",
            Some("for static/images/talks.jpg, write `image: /images/talks.jpg`"),
        ),
        (
            "image: /images/broken.jpg\nimage_alt: A table\n",
            Some(("static/images/broken.jpg", b"\xff\xd8 not really a JPEG")),
            "talks.md:10:8: error: `/images/broken.jpg`: it is not an image dossier can read",
            None,
        ),
        (
            "image: /images/huge.png\nimage_alt: A table\n",
            Some(("static/images/huge.png", &[])),
            "talks.md:10:8: error: `/images/huge.png`: it is 20000×20000 pixels, more than the 100000000 pixels dossier processes",
            None,
        ),
    ];
    for (lead, file, expected, hint) in cases {
        let site = illustrated(lead);
        if let Some((path, bytes)) = file {
            let bytes = if path.ends_with(".png") {
                png_header(20_000, 20_000)
            } else {
                bytes.to_vec()
            };
            site.write_bytes(path, &bytes);
        }
        site.fails_with(expected, hint);
    }
}

#[test]
fn markdown_images_become_pictures_a_figure_when_alone() {
    let site = Site::fixture("basic");
    site.write_bytes("static/images/court.png", &png(900, 450));
    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(
        STORY,
        &format!(
            "{text}\n![The court building](/images/court.png \"The High Court in London\")\n\nAs the court ![a small court](/images/court.png) said.\n"
        ),
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\n![The court building](/images/court.png)\n",
    );
    site.built();
    let page = site.page("stories/talks/index.html");
    let figure = page
        .split("<figure class=\"body-image\"><picture>")
        .nth(1)
        .expect("a figure");
    assert!(figure.contains("type=\"image/webp\""));
    assert!(
        figure.contains("width=\"900\" height=\"450\" alt=\"The court building\" loading=\"lazy\"")
    );
    assert!(
        figure.contains("</picture><figcaption>The High Court in London</figcaption></figure>")
    );
    assert!(
        figure.contains(".png 900w\""),
        "the PNG variants in the img's srcset"
    );
    let found = candidates(figure, "srcset");
    assert!(found.iter().all(|(path, _)| path.ends_with(".webp")));
    for (path, width) in found {
        let file = path.strip_prefix("/dossiers/assange/").unwrap();
        let decoded =
            image::load_from_memory(&std::fs::read(site.output().join(file)).unwrap()).unwrap();
        assert_eq!(decoded.width(), width);
    }
    // Inline, in a sentence: no figure, still a picture.
    assert!(page.contains("<p>As the court <picture><source type=\"image/webp\""));
    assert!(page.contains(
        "alt=\"a small court\" loading=\"lazy\" decoding=\"async\"></picture> said.</p>"
    ));
    assert!(
        site.page("about/index.html")
            .contains("<figure class=\"body-image\"><picture>")
    );
}

#[test]
fn a_markdown_image_without_alt_text_or_file_is_an_error_at_its_place() {
    for (markdown, expected, hint) in [
        (
            "![](/images/court.png)",
            "talks.md:15:1: error: the image `/images/court.png` has no alt text",
            "![The court building](/images/court.png)",
        ),
        (
            "Text ![A court](/images/cort.png)",
            "talks.md:15:6: error: `/images/cort.png` is no file of static/",
            "did you mean `/images/court.png`?",
        ),
    ] {
        let site = Site::fixture("basic");
        site.write_bytes("static/images/court.png", &png(100, 50));
        let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
        site.write(STORY, &format!("{text}\n{markdown}\n"));
        let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(expected) && e.contains(hint)),
            "{expected}\n{errors:?}"
        );
    }
}

/// The `content` of `<meta property="{property}">` in `html`.
fn meta(html: &str, property: &str) -> Option<String> {
    let tag = format!("<meta property=\"{property}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

#[test]
fn every_page_is_shared_with_its_own_image_or_a_card_drawn_once() {
    let site = illustrated(LEAD);
    let report = site.built();
    let base = "https://example.org/dossiers/assange/";
    let pages = [
        "index.html",
        "stories/asylum/index.html",
        "people/index.html",
        "people/julian-assange/index.html",
        "people/julian-assange/page/2/index.html",
        "tags/index.html",
        "tags/asylum/index.html",
        "timeline/index.html",
        "corrections/index.html",
        "search/index.html",
        "404.html",
    ];
    let mut cards = std::collections::BTreeSet::new();
    for page in pages {
        let html = site.page(page);
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"));
        let card = image.strip_prefix(base).expect("absolute, on the site");
        assert!(
            card.starts_with("_img/card-") && card.ends_with(".png"),
            "{page}: {card}"
        );
        assert_eq!(
            meta(&html, "og:image:width").as_deref(),
            Some("1200"),
            "{page}"
        );
        assert_eq!(
            meta(&html, "og:image:height").as_deref(),
            Some("630"),
            "{page}"
        );
        assert!(
            meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()),
            "{page}"
        );
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        let alt = meta(&html, "og:image:alt").unwrap();
        assert!(html.contains(&format!(
            "<meta name=\"twitter:image:alt\" content=\"{alt}\">"
        )));
        let png = std::fs::read(site.output().join(card)).expect("the card is written");
        let decoded = image::load_from_memory(&png).expect("the card is a PNG");
        assert_eq!((decoded.width(), decoded.height()), (1200, 630), "{page}");
        cards.insert(card.to_string());
    }
    // The later page of a list says what the first says: one card for both.
    let first = meta(&site.page("people/julian-assange/index.html"), "og:image");
    let later = meta(
        &site.page("people/julian-assange/page/2/index.html"),
        "og:image",
    );
    assert_eq!(first, later);
    assert_eq!(cards.len(), pages.len() - 1);
    // A story with a lead image is shared with it, at 1200 pixels, in
    // its structured data too.
    let talks = site.page("stories/talks/index.html");
    let lead = meta(&talks, "og:image").unwrap();
    assert!(lead.ends_with("-1200.jpg"), "{lead}");
    assert_eq!(json_ld(&talks)["image"], lead.as_str());
    let asylum = site.page("stories/asylum/index.html");
    assert_eq!(
        json_ld(&asylum)["image"],
        meta(&asylum, "og:image").unwrap().as_str()
    );

    // Drawn once: a second build draws nothing; a new title draws one card,
    // and the old one leaves the output.
    assert!(report.cards_drawn >= cards.len(), "{}", report.cards_drawn);
    site.write(
        "content/_index.md",
        "---\ntitle: The fixture dossier\n---\nIntro.\n",
    );
    assert_eq!(site.built().cards_drawn, 0);
    let old = meta(&site.page("tags/asylum/index.html"), "og:image").unwrap();
    let asylum_path = site.root().join("content/stories/2012/asylum.md");
    site.write(
        "content/stories/2012/asylum.md",
        &std::fs::read_to_string(asylum_path).unwrap().replace(
            "title: Ecuador grants asylum",
            "title: Ecuador grants Julian Assange asylum",
        ),
    );
    assert_eq!(site.built().cards_drawn, 1);
    assert_eq!(
        meta(&site.page("tags/asylum/index.html"), "og:image").unwrap(),
        old
    );
    let renamed = meta(&site.page("stories/asylum/index.html"), "og:image").unwrap();
    assert!(!cards.contains(renamed.strip_prefix(base).unwrap()));
    let asylum_card = meta(&asylum, "og:image").unwrap();
    assert!(
        !site.has(asylum_card.strip_prefix(base).unwrap()),
        "the old card is gone"
    );
}

#[test]
fn a_broken_card_template_or_font_is_an_error_where_it_is() {
    let site = Site::fixture("basic");
    let errors_of = |site: &Site| -> String {
        let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
        errors.join("\n")
    };
    site.write("templates/card.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\n<text>{{ card.title | wrap_lines(width=100) }}</text></svg>\n");
    let errors = errors_of(&site);
    assert!(errors.contains("templates/card.svg:2:"), "{errors}");
    assert!(errors.contains("size"), "{errors}");
    site.write(
        "templates/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{{ card.title }}</svg>\n",
    );
    let errors = errors_of(&site);
    assert!(
        errors.contains("templates/card.svg")
            && errors.contains("a social card could not be drawn"),
        "{errors}"
    );
    std::fs::remove_file(site.root().join("templates/card.svg")).unwrap();
    site.write("fonts/Broken.ttf", "not a font");
    let errors = errors_of(&site);
    assert!(
        errors.contains("fonts/Broken.ttf:1:1") && errors.contains("no font"),
        "{errors}"
    );
    // A licence beside the fonts is no font, and no error.
    std::fs::remove_file(site.root().join("fonts/Broken.ttf")).unwrap();
    site.write("fonts/OFL.txt", "SIL Open Font License");
    site.built();
}

#[test]
fn images_beside_a_markdown_file_are_found_from_its_folder() {
    let site = illustrated("image: talks-table.jpg\nimage_alt: Two ministers at a table\n");
    site.write_bytes("content/stories/2013/talks-table.jpg", &jpeg(900, 600));
    site.write_bytes("content/people/map.png", &png(640, 320));
    site.write(
        "content/stories/2013/seal.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    let talks = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(
        STORY,
        &format!("{talks}\n![The seal of the ministry](seal.svg)\n"),
    );
    let profile = "content/people/julian-assange.md";
    let text = std::fs::read_to_string(site.root().join(profile)).unwrap();
    site.write(
        profile,
        &format!("{text}\n![Where the embassy is](./map.png \"The embassy in Knightsbridge\")\n"),
    );
    let report = site.built();
    assert_eq!(report.images_decoded, 2);
    // The lead image, processed, at its own widths.
    let page = site.page("stories/talks/index.html");
    let srcset = candidates(&page, "srcset");
    assert_eq!(
        srcset.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 800, 900]
    );
    for (path, _) in &srcset {
        assert!(
            site.has(path.trim_start_matches("/dossiers/assange/")),
            "{path}"
        );
    }
    // An SVG used as it is: copied under a name of its digest, and linked.
    let alt = page
        .find("alt=\"The seal of the ministry\"")
        .expect("the seal");
    let start = page[..alt]
        .rfind("src=\"/dossiers/assange/")
        .expect("its src")
        + 23;
    let copy = &page[start..start + page[start..].find('"').unwrap()];
    assert!(
        copy.starts_with("_img/") && copy.ends_with(".svg"),
        "{copy}"
    );
    assert_eq!(
        site.page(copy),
        std::fs::read_to_string(site.root().join("content/stories/2013/seal.svg")).unwrap()
    );
    // A Markdown image of a profile, processed, in a figure with its caption.
    let profile_page = site.page("people/julian-assange/index.html");
    assert!(
        profile_page.contains("<figure class=\"body-image\"><picture>"),
        "{profile_page}"
    );
    assert!(profile_page.contains("<figcaption>The embassy in Knightsbridge</figcaption>"));
    assert!(profile_page.contains("width=\"640\" height=\"320\""));
    // Nothing of content/ but the pages' images reaches the output.
    assert!(!site.has("content/stories/2013/talks-table.jpg"));

    // A missing one is an error at its place, with the closest file.
    site.write(
        STORY,
        &format!("{talks}\n![The seal of the ministry](seals.svg)\n"),
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    let error = errors.join("\n");
    assert!(
        error.contains("talks.md:17:1: error: there is no image at content/stories/2013/seals.svg"),
        "{error}"
    );
    assert!(
        error.contains("did you mean `content/stories/2013/seal.svg`?"),
        "{error}"
    );
}

#[test]
fn a_site_can_do_without_social_cards() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}social_cards: false\n"));
    let report = site.built();
    assert_eq!(report.cards_drawn, 0);
    let page = site.page("stories/asylum/index.html");
    assert!(meta(&page, "og:image").is_none(), "{page}");
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(!site.has("_img"), "no cards in the output");
    site.write("dossier.yaml", &format!("{config}social_cards: maybe\n"));
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains("social_cards")),
        "{errors:?}"
    );
}

/// A PNG of noise: as large on disk as its pixels.
fn noisy_png(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761) | 1;
    let image = image::RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[test]
fn a_large_original_is_known_by_its_size_and_time_without_being_read() {
    let site = Site::fixture("basic");
    let photo = noisy_png(700, 500, 1);
    assert!(photo.len() > 512 * 1024, "{}", photo.len());
    site.write_bytes("static/images/big.png", &photo);
    let talks = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    let lead = "image: /images/big.png\nimage_alt: Noise\n";
    site.write(
        STORY,
        &talks.replace("tags: [diplomacy]\n", &format!("tags: [diplomacy]\n{lead}")),
    );
    assert_eq!(site.built().images_decoded, 1);
    assert_eq!(
        std::fs::read(site.output().join("images/big.png")).unwrap(),
        photo
    );
    let variants = candidates(&site.page("stories/talks/index.html"), "srcset");

    // The same size and time: not read again, so bytes that are no image
    // at all go unnoticed (which is how a build knows it did not read them).
    let path = site.root().join("static/images/big.png");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let same_size = vec![0u8; photo.len()];
    std::fs::write(&path, &same_size).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\nAn edit elsewhere.\n",
    );
    assert_eq!(site.built().images_decoded, 0);
    assert_eq!(
        candidates(&site.page("stories/talks/index.html"), "srcset"),
        variants
    );

    // A new time is a new look: the file is read again, and its new
    // pixels make new variants.
    std::fs::write(&path, noisy_png(700, 500, 2)).unwrap();
    let later = modified + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_eq!(site.built().images_decoded, 1);
    assert_ne!(
        candidates(&site.page("stories/talks/index.html"), "srcset"),
        variants
    );
}

/// The file of the cache (below `.dossier-cache/images/`) named `name`.
#[cfg(unix)]
fn cached(site: &Site, name: &str) -> std::path::PathBuf {
    walkdir::WalkDir::new(site.root().join(".dossier-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_str() == Some(name))
        .unwrap_or_else(|| panic!("{name} is not in the cache"))
        .into_path()
}

/// The paths (in the output) of a story's card and of another's lead
/// image's largest variant.
#[cfg(unix)]
fn card_and_variant(site: &Site) -> (String, String) {
    let base = "https://example.org/dossiers/assange/";
    let card = meta(&site.page("stories/asylum/index.html"), "og:image").unwrap();
    let variant = meta(&site.page("stories/talks/index.html"), "og:image").unwrap();
    let inside = |url: String| url.strip_prefix(base).unwrap().to_string();
    (inside(card), inside(variant))
}

#[cfg(unix)]
#[test]
fn cached_images_are_hard_links_into_the_cache_that_no_build_writes_through() {
    use std::os::unix::fs::MetadataExt;
    let site = illustrated(LEAD);
    site.built();
    let inode = |path: &std::path::Path| {
        let meta = std::fs::symlink_metadata(path).unwrap();
        assert!(meta.is_file(), "{}", path.display());
        (meta.dev(), meta.ino())
    };
    let shares = |output: &str| {
        let name = output.rsplit('/').next().unwrap();
        inode(&site.output().join(output)) == inode(&cached(&site, name))
    };
    let (card, variant) = card_and_variant(&site);
    assert!(shares(&card), "{card} is a copy");
    assert!(shares(&variant), "{variant} is a copy");
    // The site's own files are its owner's to edit: copied, never linked.
    let original = std::fs::metadata(site.output().join("images/talks.jpg")).unwrap();
    assert_eq!(original.nlink(), 1);

    // A rebuild into the same output links its new card too, and leaves
    // every file of the cache as it was drawn.
    let cache = common::snapshot(&site.root().join(".dossier-cache"));
    let asylum = site.root().join("content/stories/2012/asylum.md");
    site.write(
        "content/stories/2012/asylum.md",
        &std::fs::read_to_string(asylum).unwrap().replace(
            "title: Ecuador grants asylum",
            "title: Ecuador grants Julian Assange asylum",
        ),
    );
    site.built();
    let (renamed, _) = card_and_variant(&site);
    assert_ne!(renamed, card);
    assert!(shares(&renamed), "{renamed} is a copy");
    assert!(!site.has(&card));
    let staged = walkdir::WalkDir::new(site.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".dossier-tmp"))
        .count();
    assert_eq!(staged, 0, "a staged link was left beside its file");
    let now = common::snapshot(&site.root().join(".dossier-cache"));
    for (path, bytes) in &cache {
        assert_eq!(now.get(path), Some(bytes), "{path} changed");
    }

    // A link planted in the cache is neither linked nor followed.
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    let planted = cached(&site, renamed.rsplit('/').next().unwrap());
    std::fs::remove_file(&planted).unwrap();
    std::os::unix::fs::symlink(&secret, &planted).unwrap();
    std::fs::remove_dir_all(site.output()).unwrap();
    let error = site.build().expect_err("a link in the cache is refused");
    assert!(
        error.to_string().contains(&*planted.to_string_lossy()),
        "{error}"
    );
    let leaked = walkdir::WalkDir::new(site.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read(e.path()).unwrap() == b"SECRET");
    assert!(!leaked, "the secret reached the output");
}

/// An output on another file system than the cache (here tmpfs, when the
/// temp folder is not) gets copies: a hard link cannot cross.
#[cfg(unix)]
#[test]
fn an_output_on_another_file_system_gets_copies_of_cached_images() {
    use std::os::unix::fs::MetadataExt;
    let site = illustrated(LEAD);
    let device = |path: &std::path::Path| std::fs::metadata(path).map(|m| m.dev()).ok();
    let elsewhere = std::path::Path::new("/dev/shm");
    if device(elsewhere).is_none() || device(elsewhere) == device(site.root()) {
        eprintln!("skipped: no second file system at /dev/shm");
        return;
    }
    let output = tempfile::tempdir_in(elsewhere).unwrap();
    let mut options = site.options();
    options.output = Some(output.path().join("public"));
    dossier::build(&options).unwrap();
    let html =
        std::fs::read_to_string(output.path().join("public/stories/asylum/index.html")).unwrap();
    let card = meta(&html, "og:image").unwrap();
    let card = card.rsplit_once("/_img/").unwrap().1;
    let copied = output.path().join("public/_img").join(card);
    assert_eq!(std::fs::metadata(&copied).unwrap().nlink(), 1);
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(cached(&site, card)).unwrap()
    );
}
