//! Cropping a preview screenshot to its content: the rows below the last message are page
//! background, so they are cut off (keeping a small margin).

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

/// Rows of background kept below the content.
const MARGIN: u32 = 16;

/// Cuts the background rows at the bottom of the PNG at `path`, in place. The background
/// is the colour of the bottom-left pixel.
pub fn crop_to_content(path: &Path) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut reader = png::Decoder::new(BufReader::new(file))
        .read_info()
        .map_err(|e| format!("not a PNG: {e}"))?;
    let size = reader
        .output_buffer_size()
        .ok_or("the picture is too large to crop")?;
    let mut pixels = vec![0; size];
    let frame = reader
        .next_frame(&mut pixels)
        .map_err(|e| format!("cannot decode it: {e}"))?;
    let row_bytes = frame.line_size;
    let height = frame.height as usize;
    if row_bytes == 0 || height == 0 {
        return Ok(());
    }
    let bpp = row_bytes / frame.width.max(1) as usize;
    let rows: Vec<&[u8]> = pixels[..row_bytes * height]
        .chunks_exact(row_bytes)
        .collect();
    let background = &rows[height - 1][..bpp];
    let is_background = |row: &[u8]| row.chunks_exact(bpp).all(|p| p == background);
    let last_content = rows.iter().rposition(|r| !is_background(r));
    let keep = match last_content {
        Some(row) => ((row as u32) + 1 + MARGIN).min(frame.height),
        None => return Ok(()),
    };
    if keep == frame.height {
        return Ok(());
    }
    let out = File::create(path).map_err(|e| format!("cannot write it: {e}"))?;
    let mut encoder = png::Encoder::new(BufWriter::new(out), frame.width, keep);
    encoder.set_color(frame.color_type);
    encoder.set_depth(frame.bit_depth);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("cannot write it: {e}"))?;
    writer
        .write_image_data(&pixels[..row_bytes * keep as usize])
        .map_err(|e| format!("cannot write it: {e}"))?;
    writer.finish().map_err(|e| format!("cannot write it: {e}"))
}
