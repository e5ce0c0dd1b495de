// The colours every picture shares. Its own file because the renderer module (axon_draw.so) needs
// it too and compiles it in.
#include <array>

#include "axon/plot/figure.hpp"

namespace axon::plot {

Color palette(std::size_t index) {
    // Tableau 10
    static constexpr std::array<std::array<int, 3>, 10> kTableau{{{31, 119, 180},
                                                                   {255, 127, 14},
                                                                   {44, 160, 44},
                                                                   {214, 39, 40},
                                                                   {148, 103, 189},
                                                                   {140, 86, 75},
                                                                   {227, 119, 194},
                                                                   {127, 127, 127},
                                                                   {188, 189, 34},
                                                                   {23, 190, 207}}};
    const auto& c = kTableau[index % kTableau.size()];
    return {c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, 1.0};
}

Color with_alpha(Color c, double alpha) {
    c.a = alpha;
    return c;
}

}  // namespace axon::plot
