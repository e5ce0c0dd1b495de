// The one renderer of plot::Figure: cairo draws every panel on an image surface (PNG) or an SVG
// surface, with the same code, so that both pictures are the same drawing.
//
// Layout of a panel (its cell in the figure's grid is panel_width × panel_height pixels):
//   title on top, y label and tick labels on the left, x tick labels and x label below, an optional
//   colour bar on the right; the rest is the plot area, where data coordinates map linearly (or
//   log10 for log_y) to pixels.
#include "plot/render/cairo_graphviz.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon::plot::detail {

namespace {

constexpr const char* kFont = "DejaVu Sans";
constexpr double kTickFont = 10.5;
constexpr double kAxisLabelFont = 12;
constexpr double kTitleFont = 13;
constexpr double kFigureTitleFont = 15;
constexpr double kFigureTitleHeight = 34;
constexpr Color kInk{0.15, 0.15, 0.15, 1};
constexpr Color kFrame{0.35, 0.35, 0.35, 1};
constexpr Color kGrid{0.9, 0.9, 0.9, 1};

double lerp(double a, double b, double t) { return a + (b - a) * t; }

Color mix(Color a, Color b, double t) {
    return {lerp(a.r, b.r, t), lerp(a.g, b.g, t), lerp(a.b, b.b, t), lerp(a.a, b.a, t)};
}

// Piecewise-linear through evenly spaced anchors, t in [0, 1].
template <std::size_t K>
Color through(const std::array<Color, K>& anchors, double t) {
    t = std::clamp(t, 0.0, 1.0) * static_cast<double>(K - 1);
    auto i = std::min(static_cast<std::size_t>(t), K - 2);
    return mix(anchors[i], anchors[i + 1], t - static_cast<double>(i));
}

Color hex(unsigned v) { return {((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0, 1}; }

// The colour range a raster's values map to; diverging is symmetric about 0.
struct ColorRange {
    double low = 0, high = 1;
};

ColorRange color_range(const Raster& raster) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : raster.values) {
        if (!std::isfinite(v)) continue;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (!std::isfinite(low)) low = 0, high = 1;
    if (raster.low) low = *raster.low;
    if (raster.high) high = *raster.high;
    if (raster.colormap == ColorMap::diverging) {
        double m = std::max(std::abs(low), std::abs(high));
        if (!raster.low && !raster.high) low = -m, high = m;
    }
    if (high <= low) high = low + 1;
    return {low, high};
}

// Colour of value v under the raster's colormap (alpha excluded: the raster is painted with it).
Color map_color(const Raster& raster, ColorRange range, double v) {
    if (!std::isfinite(v)) return {0, 0, 0, 0};
    double t = (v - range.low) / (range.high - range.low);
    switch (raster.colormap) {
        case ColorMap::viridis: {
            static const std::array<Color, 9> kViridis{hex(0x440154), hex(0x472c7a), hex(0x3b518b),
                                                       hex(0x2c718e), hex(0x21908d), hex(0x27ad81),
                                                       hex(0x5cc863), hex(0xaadc32), hex(0xfde725)};
            return through(kViridis, t);
        }
        case ColorMap::gray: {
            t = std::clamp(t, 0.0, 1.0);
            return {t, t, t, 1};
        }
        case ColorMap::diverging: {
            static const std::array<Color, 5> kDiverging{hex(0x2166ac), hex(0x92c5de), hex(0xf7f7f7),
                                                         hex(0xf4a582), hex(0xb2182b)};
            // 0 is white whatever the range: each side scales to its own end.
            double s = v >= 0 ? 0.5 + 0.5 * v / std::max(std::abs(range.high), 1e-300)
                              : 0.5 - 0.5 * v / std::min(-std::abs(range.low), -1e-300);
            return through(kDiverging, s);
        }
        case ColorMap::classes:
            return palette(static_cast<std::size_t>(std::max(0.0, std::round(v))));
    }
    return {};
}

// ---- text -------------------------------------------------------------------------------------------

struct Canvas {
    cairo_t* cr;
    std::vector<std::string>* texts;  // every string drawn, for the SVG's <desc>
};

void set_color(cairo_t* cr, Color c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void set_font(cairo_t* cr, double size, bool bold = false) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text, double size, bool bold = false) {
    set_font(cr, size, bold);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    return extents.x_advance;
}

// Draws `text` anchored at (x, y): halign 0 left .. 1 right, valign 0 top .. 1 bottom of the line box;
// `angle` in radians (counter-clockwise positive, as read on screen).
void draw_text(const Canvas& canvas, const std::string& text, double x, double y, double size, double halign,
               double valign, Color color = kInk, bool bold = false, double angle = 0) {
    if (text.empty()) return;
    auto* cr = canvas.cr;
    canvas.texts->push_back(text);
    set_font(cr, size, bold);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    cairo_font_extents_t font;
    cairo_font_extents(cr, &font);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -angle);
    double height = font.ascent + font.descent;
    cairo_move_to(cr, -halign * extents.x_advance, font.ascent - valign * height);
    set_color(cr, color);
    cairo_show_text(cr, text.c_str());
    cairo_restore(cr);
}

// ---- ticks ------------------------------------------------------------------------------------------

// The 1-2-5 step giving about `target` intervals over `span`.
double nice_step(double span, double target) {
    double raw = span / target;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double f = raw / magnitude;
    double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nice * magnitude;
}

struct Tick {
    double position;  // in axis coordinates (log10 of the value on a log axis)
    std::string text;
};

// A typographic minus sign (U+2212) instead of the hyphen fmt writes.
std::string with_minus_sign(std::string text) {
    if (!text.empty() && text[0] == '-') text.replace(0, 1, "\u2212");
    return text;
}

std::string number_text(double v, double step) {
    if (std::abs(v) < step * 1e-6) v = 0;
    double a = std::abs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3)) {
        return with_minus_sign(fmt::format("{:.3g}", v));
    }
    int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    return with_minus_sign(fmt::format("{:.{}f}", v, decimals));
}

std::vector<Tick> linear_ticks(double low, double high, double target) {
    std::vector<Tick> ticks;
    if (!(high > low)) return ticks;
    double step = nice_step(high - low, target);
    double first = std::ceil(low / step - 1e-9) * step;
    for (double v = first; v <= high + step * 1e-9; v += step) ticks.push_back({v, number_text(v, step)});
    return ticks;
}

std::string power_text(double v) { return fmt::format("{:g}", v); }

// Ticks of a log10 axis whose range [low, high] is in decades.
std::vector<Tick> log_ticks(double low, double high) {
    std::vector<Tick> ticks;
    int first = static_cast<int>(std::ceil(low - 1e-9)), last = static_cast<int>(std::floor(high + 1e-9));
    int decades = last - first + 1;
    if (decades >= 3) {
        int every = std::max(1, (decades + 5) / 6);
        for (int d = first; d <= last; ++d)
            if ((d - first) % every == 0) ticks.push_back({static_cast<double>(d), power_text(std::pow(10.0, d))});
        return ticks;
    }
    for (int d = first - 1; d <= last; ++d)
        for (double m : {1.0, 2.0, 5.0}) {
            double p = d + std::log10(m);
            if (p >= low - 1e-9 && p <= high + 1e-9) ticks.push_back({p, power_text(m * std::pow(10.0, d))});
        }
    if (ticks.size() >= 3) return ticks;
    // Less than a decade: linear ticks of the values, placed on the log axis.
    ticks.clear();
    for (const auto& t : linear_ticks(std::pow(10.0, low), std::pow(10.0, high), 4))
        if (t.position > 0) ticks.push_back({std::log10(t.position), t.text});
    return ticks;
}

// ---- one panel --------------------------------------------------------------------------------------

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;
};

// Data → pixels for a panel's plot area.
struct Transform {
    Rect area;
    double x_low = 0, x_high = 1, y_low = 0, y_high = 1;  // y in axis units (log10 when log_y)
    bool log_y = false;

    double axis_y(double y) const { return log_y ? (y > 0 ? std::log10(y) : std::numeric_limits<double>::quiet_NaN()) : y; }
    double px(double x) const { return area.x + (x - x_low) / (x_high - x_low) * area.w; }
    double py_axis(double a) const { return area.y + area.h - (a - y_low) / (y_high - y_low) * area.h; }
    double py(double y) const { return py_axis(axis_y(y)); }
};

struct Extent {
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    bool empty() const { return !(high >= low); }
};

// The axis range: the explicit one, else the data's extent with a margin (none when a raster alone
// sets it, since a raster fills its rectangle exactly).
std::pair<double, double> fit_range(std::optional<double> lo, std::optional<double> hi, Extent data, Extent raster,
                                    double margin_fraction) {
    Extent all = data;
    all.add(raster.low);
    all.add(raster.high);
    if (all.empty()) all.low = 0, all.high = 1;
    double low = all.low, high = all.high;
    if (high - low <= 0) {
        double pad = std::abs(low) > 0 ? std::abs(low) * 0.1 : 1.0;
        low -= pad, high += pad;
    } else if (!data.empty()) {
        double margin = (high - low) * margin_fraction;
        // A margin only on sides that the series reach (a raster edge needs none).
        if (raster.empty() || data.low < raster.low) low -= margin;
        if (raster.empty() || data.high > raster.high) high += margin;
    }
    if (lo) low = *lo;
    if (hi) high = *hi;
    if (!(high > low)) high = low + 1;
    return {low, high};
}

bool has_legend(const Panel& panel) {
    if (!panel.show_legend) return false;
    return std::any_of(panel.series.begin(), panel.series.end(), [](const Series& s) { return !s.label.empty(); });
}

void draw_raster_image(cairo_t* cr, const Raster& raster, const Transform& t) {
    auto range = color_range(raster);
    int cols = static_cast<int>(raster.cols), rows = static_cast<int>(raster.rows);
    auto* image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cols, rows);
    cairo_surface_flush(image);
    auto* data = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    for (int r = 0; r < rows; ++r) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(r) * stride);
        for (int c = 0; c < cols; ++c) {
            Color color = map_color(raster, range, raster.values[static_cast<std::size_t>(r) * cols + c]);
            auto channel = [&](double v) { return static_cast<std::uint32_t>(std::lround(std::clamp(v * color.a, 0.0, 1.0) * 255)); };
            row[c] = (channel(1.0) << 24) | (channel(color.r) << 16) | (channel(color.g) << 8) | channel(color.b);
        }
    }
    cairo_surface_mark_dirty(image);

    double left = t.px(raster.x_min), right = t.px(raster.x_max);
    double top = t.py(raster.y_max), bottom = t.py(raster.y_min);
    cairo_save(cr);
    cairo_rectangle(cr, t.area.x, t.area.y, t.area.w, t.area.h);
    cairo_clip(cr);
    cairo_rectangle(cr, left, top, right - left, bottom - top);
    cairo_clip(cr);
    cairo_translate(cr, left, top);
    cairo_scale(cr, (right - left) / cols, (bottom - top) / rows);
    cairo_set_source_surface(cr, image, 0, 0);
    auto* pattern = cairo_get_source(cr);
    cairo_pattern_set_filter(pattern, raster.smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST);
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD);
    cairo_paint_with_alpha(cr, raster.alpha);
    cairo_restore(cr);
    cairo_surface_destroy(image);
}

double luminance(Color c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

void draw_annotations(const Canvas& canvas, const Raster& raster, const Transform& t) {
    auto range = color_range(raster);
    double cell_w = std::abs(t.px(raster.x_max) - t.px(raster.x_min)) / static_cast<double>(raster.cols);
    double cell_h = std::abs(t.py(raster.y_min) - t.py(raster.y_max)) / static_cast<double>(raster.rows);
    for (std::int64_t r = 0; r < raster.rows; ++r)
        for (std::int64_t c = 0; c < raster.cols; ++c) {
            double v = raster.values[static_cast<std::size_t>(r * raster.cols + c)];
            if (!std::isfinite(v)) continue;
            std::string text;
            try {
                text = fmt::format(fmt::runtime(raster.value_format), v);
            } catch (const fmt::format_error& e) {
                throw ConfigError(fmt::format("plot::save: bad annotation format '{}' ({})", raster.value_format, e.what()));
            }
            // Over white: the painted colour after alpha.
            Color painted = mix(Color{1, 1, 1, 1}, map_color(raster, range, v), raster.alpha);
            Color ink = luminance(painted) < 0.5 ? Color{1, 1, 1, 1} : kInk;
            double x = lerp(raster.x_min, raster.x_max, (static_cast<double>(c) + 0.5) / static_cast<double>(raster.cols));
            double y = lerp(raster.y_max, raster.y_min, (static_cast<double>(r) + 0.5) / static_cast<double>(raster.rows));
            double size = std::clamp(std::min(cell_h * 0.4, cell_w * 0.9 / static_cast<double>(std::max<std::size_t>(text.size(), 2)) * 1.6), 6.0, 13.0);
            draw_text(canvas, text, t.px(x), t.py(y), size, 0.5, 0.5, ink);
        }
}

void draw_colorbar(const Canvas& canvas, const Raster& raster, Rect bar) {
    auto* cr = canvas.cr;
    auto range = color_range(raster);
    constexpr int kSteps = 256;
    auto* image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, kSteps);
    cairo_surface_flush(image);
    auto* data = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    for (int i = 0; i < kSteps; ++i) {
        double v = lerp(range.high, range.low, (i + 0.5) / kSteps);
        Color color = mix(Color{1, 1, 1, 1}, map_color(raster, range, v), raster.alpha);
        auto channel = [](double x) { return static_cast<std::uint32_t>(std::lround(std::clamp(x, 0.0, 1.0) * 255)); };
        *reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(i) * stride) =
            (255u << 24) | (channel(color.r) << 16) | (channel(color.g) << 8) | channel(color.b);
    }
    cairo_surface_mark_dirty(image);
    cairo_save(cr);
    cairo_rectangle(cr, bar.x, bar.y, bar.w, bar.h);
    cairo_clip(cr);
    cairo_translate(cr, bar.x, bar.y);
    cairo_scale(cr, bar.w, bar.h / kSteps);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(image);

    cairo_set_line_width(cr, 1);
    set_color(cr, kFrame);
    cairo_rectangle(cr, bar.x, bar.y, bar.w, bar.h);
    cairo_stroke(cr);
    for (const auto& tick : linear_ticks(range.low, range.high, 5)) {
        double y = bar.y + bar.h - (tick.position - range.low) / (range.high - range.low) * bar.h;
        cairo_move_to(cr, bar.x + bar.w, y);
        cairo_line_to(cr, bar.x + bar.w + 4, y);
        cairo_stroke(cr);
        draw_text(canvas, tick.text, bar.x + bar.w + 6, y, kTickFont, 0, 0.5);
    }
}

// Clips the segment (a → b) to the rectangle (Liang–Barsky); false when nothing of it is inside.
bool clip_segment(double& ax, double& ay, double& bx, double& by, Rect r) {
    double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
    auto edge = [&](double p, double q) {
        if (p == 0) return q >= 0;
        double t = q / p;
        if (p < 0) {
            if (t > t1) return false;
            t0 = std::max(t0, t);
        } else {
            if (t < t0) return false;
            t1 = std::min(t1, t);
        }
        return true;
    };
    if (!edge(-dx, ax - r.x) || !edge(dx, r.x + r.w - ax) || !edge(-dy, ay - r.y) || !edge(dy, r.y + r.h - ay)) return false;
    double x0 = ax + t0 * dx, y0 = ay + t0 * dy, x1 = ax + t1 * dx, y1 = ay + t1 * dy;
    ax = x0, ay = y0, bx = x1, by = y1;
    return true;
}

void apply_line_style(cairo_t* cr, const Series& s) {
    set_color(cr, s.color);
    cairo_set_line_width(cr, s.line_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    if (s.line == LineStyle::dashed) {
        std::array<double, 2> dashes{6.0, 4.0};
        cairo_set_dash(cr, dashes.data(), 2, 0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    } else {
        cairo_set_dash(cr, nullptr, 0, 0);
    }
}

void draw_marker(cairo_t* cr, Marker marker, double x, double y, double size, Color color) {
    if (marker == Marker::circle) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, size, 0, 2 * M_PI);
        set_color(cr, color);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, std::max(0.6, size * 0.22));
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9 * color.a);
        cairo_stroke(cr);
    } else if (marker == Marker::cross) {
        set_color(cr, color);
        cairo_set_line_width(cr, std::max(1.0, size * 0.4));
        cairo_set_dash(cr, nullptr, 0, 0);
        cairo_move_to(cr, x - size, y - size);
        cairo_line_to(cr, x + size, y + size);
        cairo_move_to(cr, x - size, y + size);
        cairo_line_to(cr, x + size, y - size);
        cairo_stroke(cr);
    }
}

void draw_series(cairo_t* cr, const Series& s, const Transform& t) {
    std::size_t n = std::min(s.x.size(), s.y.size());
    Rect bounds{t.area.x - 20, t.area.y - 20, t.area.w + 40, t.area.h + 40};
    auto point = [&](std::size_t i, double& x, double& y) {
        x = t.px(s.x[i]);
        y = t.py(s.y[i]);
        return std::isfinite(x) && std::isfinite(y);
    };
    if (s.line != LineStyle::none && n >= 2) {
        apply_line_style(cr, s);
        cairo_new_path(cr);
        double pen_x = std::numeric_limits<double>::quiet_NaN(), pen_y = pen_x;
        for (std::size_t i = 1; i < n; ++i) {
            double ax, ay, bx, by;
            if (!point(i - 1, ax, ay) || !point(i, bx, by)) continue;  // NaN breaks the line
            double ex = bx, ey = by;
            if (!clip_segment(ax, ay, bx, by, bounds)) continue;
            if (ax != pen_x || ay != pen_y) cairo_move_to(cr, ax, ay);
            cairo_line_to(cr, bx, by);
            pen_x = (bx == ex && by == ey) ? bx : std::numeric_limits<double>::quiet_NaN();
            pen_y = by;
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    if (s.marker != Marker::none) {
        for (std::size_t i = 0; i < n; ++i) {
            double x, y;
            if (!point(i, x, y)) continue;
            if (x < bounds.x || x > bounds.x + bounds.w || y < bounds.y || y > bounds.y + bounds.h) continue;
            Color color = i < s.point_colors.size() ? s.point_colors[i] : s.color;
            draw_marker(cr, s.marker, x, y, s.marker_size, color);
        }
    }
}

void draw_legend(const Canvas& canvas, const Panel& panel, const Transform& t) {
    Rect area = t.area;
    auto* cr = canvas.cr;
    constexpr double kFontSize = 11, kRow = 18, kSample = 26, kPad = 7;
    double text_max = 0;
    std::vector<const Series*> entries;
    for (const auto& s : panel.series)
        if (!s.label.empty()) {
            entries.push_back(&s);
            text_max = std::max(text_max, text_width(cr, s.label, kFontSize));
        }
    double w = kPad + kSample + 6 + text_max + kPad, h = kPad * 2 + kRow * static_cast<double>(entries.size()) - 4;
    // The corner that hides the fewest data points: top right, bottom right, top left, bottom left.
    double x = area.x + area.w - w - 8, y = area.y + 8;
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (auto [cx, cy] : {std::pair{area.x + area.w - w - 8, area.y + 8}, std::pair{area.x + area.w - w - 8, area.y + area.h - h - 8},
                          std::pair{area.x + 8, area.y + 8}, std::pair{area.x + 8, area.y + area.h - h - 8}}) {
        std::size_t hidden = 0;
        for (const auto& s : panel.series)
            for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
                double px = t.px(s.x[i]), py = t.py(s.y[i]);
                hidden += px >= cx - 4 && px <= cx + w + 4 && py >= cy - 4 && py <= cy + h + 4;
            }
        if (hidden < fewest) fewest = hidden, x = cx, y = cy;
    }
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.8);
    set_color(cr, Color{0.75, 0.75, 0.75, 1});
    cairo_stroke(cr);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& s = *entries[i];
        double cy = y + kPad + kRow * static_cast<double>(i) + (kRow - 4) / 2;
        if (s.line != LineStyle::none) {
            apply_line_style(cr, s);
            cairo_move_to(cr, x + kPad, cy);
            cairo_line_to(cr, x + kPad + kSample, cy);
            cairo_stroke(cr);
            cairo_set_dash(cr, nullptr, 0, 0);
        }
        if (s.marker != Marker::none) {
            Color color = s.point_colors.empty() ? s.color : s.point_colors.front();
            draw_marker(cr, s.marker, x + kPad + kSample / 2, cy, std::min(s.marker_size, 5.0), color);
        }
        draw_text(canvas, s.label, x + kPad + kSample + 6, cy, kFontSize, 0, 0.5);
    }
}

Transform draw_panel(const Canvas& canvas, const Panel& panel, Rect cell) {
    auto* cr = canvas.cr;
    const auto& raster = panel.background;
    bool has_raster = raster && raster->rows > 0 && raster->cols > 0 &&
                      raster->values.size() == static_cast<std::size_t>(raster->rows * raster->cols);
    if (raster && !has_raster && !(raster->rows == 0 && raster->cols == 0))
        throw ConfigError(fmt::format("plot::save: a raster of {} × {} has {} values", raster->rows, raster->cols,
                                      raster->values.size()));

    // Axis ranges.
    Transform t;
    t.log_y = panel.log_y;
    Extent data_x, data_y, raster_x, raster_y;
    for (const auto& s : panel.series) {
        std::size_t n = std::min(s.x.size(), s.y.size());
        for (std::size_t i = 0; i < n; ++i) {
            double ay = t.axis_y(s.y[i]);
            if (!std::isfinite(s.x[i]) || !std::isfinite(ay)) continue;
            data_x.add(s.x[i]);
            data_y.add(ay);
        }
    }
    for (const auto& label : panel.labels) {
        data_x.add(label.x);
        data_y.add(t.axis_y(label.y));
    }
    if (has_raster) {
        raster_x.add(raster->x_min);
        raster_x.add(raster->x_max);
        raster_y.add(t.axis_y(raster->y_min));
        raster_y.add(t.axis_y(raster->y_max));
    }
    if (!panel.x_categories.empty()) {
        data_x.add(-0.5);
        data_x.add(static_cast<double>(panel.x_categories.size()) - 0.5);
    }
    if (!panel.y_categories.empty()) {
        data_y.add(-0.5);
        data_y.add(static_cast<double>(panel.y_categories.size()) - 0.5);
    }
    auto axis_bound = [&](std::optional<double> v) -> std::optional<double> {
        if (!v) return v;
        return t.axis_y(*v);
    };
    std::tie(t.x_low, t.x_high) = fit_range(panel.x_min, panel.x_max, data_x, raster_x, 0.04);
    std::tie(t.y_low, t.y_high) = fit_range(axis_bound(panel.y_min), axis_bound(panel.y_max), data_y, raster_y, 0.06);

    // Layout.
    bool axes = panel.show_axes;
    auto x_ticks = panel.x_categories.empty() ? linear_ticks(t.x_low, t.x_high, cell.w / 90) : std::vector<Tick>{};
    for (std::size_t i = 0; i < panel.x_categories.size(); ++i) x_ticks.push_back({static_cast<double>(i), panel.x_categories[i]});
    auto y_ticks = !panel.y_categories.empty() ? std::vector<Tick>{}
                   : panel.log_y              ? log_ticks(t.y_low, t.y_high)
                                              : linear_ticks(t.y_low, t.y_high, cell.h / 70);
    for (std::size_t i = 0; i < panel.y_categories.size(); ++i) y_ticks.push_back({static_cast<double>(i), panel.y_categories[i]});

    double y_tick_width = 0, x_tick_width = 0;
    for (const auto& tick : y_ticks) y_tick_width = std::max(y_tick_width, text_width(cr, tick.text, kTickFont));
    for (const auto& tick : x_ticks) x_tick_width = std::max(x_tick_width, text_width(cr, tick.text, kTickFont));

    double top = panel.title.empty() ? 12 : 30;
    double left = 10, right = 14, bottom = 10;
    bool rotate_x = false;
    if (axes) {
        left = 8 + y_tick_width + 8 + (panel.y_label.empty() ? 0 : 20);
        // Category names rotate when they do not fit side by side.
        double plot_w_guess = cell.w - left - right;
        if (!panel.x_categories.empty() &&
            x_tick_width > 0.9 * plot_w_guess / static_cast<double>(panel.x_categories.size()))
            rotate_x = true;
        double tick_band = rotate_x ? x_tick_width * 0.72 + 16 : 22;
        bottom = 6 + tick_band + (panel.x_label.empty() ? 0 : 20);
    } else if (has_raster && raster->show_colorbar) {
        left = 10;
    }
    if (has_raster && raster->show_colorbar) right += 70;
    Rect area{cell.x + left, cell.y + top, cell.w - left - right, cell.h - top - bottom};
    if (area.w < 10 || area.h < 10)
        throw ConfigError(fmt::format("plot::save: panel '{}' is too small to draw ({} × {} px)", panel.title, cell.w, cell.h));
    if (panel.equal_aspect && !panel.log_y) {
        double sx = t.x_high - t.x_low, sy = t.y_high - t.y_low;
        double scale = std::min(area.w / sx, area.h / sy);
        double w = sx * scale, h = sy * scale;
        area.x += (area.w - w) / 2;
        area.y += (area.h - h) / 2;
        area.w = w;
        area.h = h;
    }
    t.area = area;

    // Grid (only without a background: a raster carries its own structure).
    if (axes && !has_raster) {
        set_color(cr, kGrid);
        cairo_set_line_width(cr, 1);
        for (const auto& tick : x_ticks) {
            double x = std::round(t.px(tick.position)) + 0.5;
            cairo_move_to(cr, x, area.y);
            cairo_line_to(cr, x, area.y + area.h);
        }
        for (const auto& tick : y_ticks) {
            double y = std::round(t.py_axis(tick.position)) + 0.5;
            cairo_move_to(cr, area.x, y);
            cairo_line_to(cr, area.x + area.w, y);
        }
        cairo_stroke(cr);
    }

    if (has_raster) draw_raster_image(cr, *raster, t);
    if (has_raster && raster->annotate) draw_annotations(canvas, *raster, t);

    cairo_save(cr);
    cairo_rectangle(cr, area.x - 1, area.y - 1, area.w + 2, area.h + 2);
    cairo_clip(cr);
    for (const auto& s : panel.series) draw_series(cr, s, t);
    cairo_restore(cr);

    for (const auto& label : panel.labels) {
        double x = t.px(label.x), y = t.py(label.y);
        if (std::isfinite(x) && std::isfinite(y)) draw_text(canvas, label.text, x, y, label.size, 0.5, 0.5, label.color);
    }

    if (axes) {
        set_color(cr, kFrame);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, std::round(area.x) + 0.5, std::round(area.y) + 0.5, std::round(area.w), std::round(area.h));
        cairo_stroke(cr);
        for (const auto& tick : x_ticks) {
            double x = t.px(tick.position);
            if (x < area.x - 0.5 || x > area.x + area.w + 0.5) continue;
            set_color(cr, kFrame);
            cairo_move_to(cr, std::round(x) + 0.5, area.y + area.h);
            cairo_line_to(cr, std::round(x) + 0.5, area.y + area.h + 4);
            cairo_stroke(cr);
            if (rotate_x)
                draw_text(canvas, tick.text, x + 3, area.y + area.h + 7, kTickFont, 1, 0.5, kInk, false, M_PI / 4);
            else
                draw_text(canvas, tick.text, x, area.y + area.h + 6, kTickFont, 0.5, 0);
        }
        for (const auto& tick : y_ticks) {
            double y = t.py_axis(tick.position);
            if (y < area.y - 0.5 || y > area.y + area.h + 0.5) continue;
            set_color(cr, kFrame);
            cairo_move_to(cr, area.x - 4, std::round(y) + 0.5);
            cairo_line_to(cr, area.x, std::round(y) + 0.5);
            cairo_stroke(cr);
            draw_text(canvas, tick.text, area.x - 7, y, kTickFont, 1, 0.5);
        }
        double tick_band = rotate_x ? x_tick_width * 0.72 + 16 : 22;
        draw_text(canvas, panel.x_label, area.x + area.w / 2, area.y + area.h + 6 + tick_band, kAxisLabelFont, 0.5, 0);
        draw_text(canvas, panel.y_label, std::max(cell.x + 6, area.x - y_tick_width - 16 - 20), area.y + area.h / 2,
                  kAxisLabelFont, 0.5, 0, kInk, false, M_PI / 2);
    }
    draw_text(canvas, panel.title, area.x + area.w / 2, cell.y + 8, kTitleFont, 0.5, 0, kInk, true);
    if (has_legend(panel)) draw_legend(canvas, panel, t);
    if (has_raster && raster->show_colorbar) draw_colorbar(canvas, *raster, Rect{area.x + area.w + 14, area.y, 14, area.h});
    return t;
}

struct Size {
    int width = 0, height = 0;
};

Size figure_size(const Figure& figure) {
    int columns = std::max(1, figure.columns);
    int rows = (static_cast<int>(figure.panels.size()) + columns - 1) / columns;
    int columns_used = std::min(columns, static_cast<int>(figure.panels.size()));
    int height = rows * figure.panel_height + (figure.title.empty() ? 0 : static_cast<int>(kFigureTitleHeight));
    return {columns_used * figure.panel_width, height};
}

std::vector<Transform> draw_figure(cairo_t* cr, const Figure& figure, std::vector<std::string>& texts) {
    std::vector<Transform> transforms;
    Canvas canvas{cr, &texts};
    auto size = figure_size(figure);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double top = 0;
    if (!figure.title.empty()) {
        draw_text(canvas, figure.title, size.width / 2.0, 10, kFigureTitleFont, 0.5, 0, kInk, true);
        top = kFigureTitleHeight;
    }
    int columns = std::max(1, figure.columns);
    for (std::size_t i = 0; i < figure.panels.size(); ++i) {
        int row = static_cast<int>(i) / columns, column = static_cast<int>(i) % columns;
        Rect cell{static_cast<double>(column * figure.panel_width), top + row * figure.panel_height,
                  static_cast<double>(figure.panel_width), static_cast<double>(figure.panel_height)};
        transforms.push_back(draw_panel(canvas, figure.panels[i], cell));
    }
    return transforms;
}

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check_surface(cairo_surface_t* surface, cairo_t* cr, const std::string& name) {
    auto status = cr ? cairo_status(cr) : cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw IoError(fmt::format("plot::save: cairo failed drawing {} ({})", name, cairo_status_to_string(status)));
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

std::string png_bytes(const Figure& figure, const std::string& name) {
    const auto size = figure_size(figure);
    std::vector<std::string> texts;
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.width, size.height), cairo_surface_destroy);
    check_surface(surface.get(), nullptr, name);
    {
        ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
        draw_figure(cr.get(), figure, texts);
        check_surface(surface.get(), cr.get(), name);
    }
    cairo_surface_flush(surface.get());
    std::string png;
    const auto status = cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png);
    if (status != CAIRO_STATUS_SUCCESS)
        throw IoError(fmt::format("plot::save: cannot encode {} as PNG ({})", name, cairo_status_to_string(status)));
    return png;
}

std::string svg_bytes(const Figure& figure, const std::string& name) {
    const auto size = figure_size(figure);
    std::vector<std::string> texts;
    std::string svg;
    {
        SurfacePtr surface(cairo_svg_surface_create_for_stream(append_to_string, &svg, size.width, size.height),
                           cairo_surface_destroy);
        check_surface(surface.get(), nullptr, name);
        {
            ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
            draw_figure(cr.get(), figure, texts);
            check_surface(surface.get(), cr.get(), name);
        }
        cairo_surface_finish(surface.get());
        check_surface(surface.get(), nullptr, name);
    }
    // cairo draws text as glyph outlines; a <title> and <desc> keep the words searchable and readable
    // by screen readers.
    std::string title = figure.title;
    if (title.empty())
        for (const auto& panel : figure.panels)
            if (!panel.title.empty()) title += (title.empty() ? "" : " | ") + panel.title;
    std::string desc;
    for (const auto& text : texts) desc += (desc.empty() ? "" : "; ") + text;
    auto open = svg.find("<svg");
    auto close = open == std::string::npos ? open : svg.find('>', open);
    if (close != std::string::npos)
        svg.insert(close + 1, fmt::format("\n<title>{}</title>\n<desc>{}</desc>", xml_escape(title), xml_escape(desc)));
    return svg;
}

}  // namespace

std::string figure_bytes(const Figure& figure, PictureFormat format, const std::string& name) {
    return format == PictureFormat::png ? png_bytes(figure, name) : svg_bytes(figure, name);
}

std::array<double, 2> figure_pixel(const Figure& figure, std::size_t panel_index, double x, double y) {
    const auto size = figure_size(figure);
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size.width, size.height), cairo_surface_destroy);
    ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
    std::vector<std::string> texts;
    const auto t = draw_figure(cr.get(), figure, texts).at(panel_index);
    return {t.px(x), t.py(y)};
}

}  // namespace axon::plot::detail
