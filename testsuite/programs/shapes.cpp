// shapes.cpp - a C++ program for the real-programs suite: a class hierarchy
// with virtual functions (call_indirect), dynamic_cast and typeid, a registry
// of factories filled by global constructors before main, std::function,
// templates, std::map/std::vector, std::sort with a lambda, smart pointers,
// a recursive flood fill, iostream and printf output, argv, an environment
// variable, and an exit status.  Built for wasm32-wasi against libc++ and
// natively against libstdc++; run.sh requires the same stdout and status.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

// Global constructors append here; main prints it to show they ran first.
std::vector<std::string> &init_log()
{
    static std::vector<std::string> log;   // function-local static: no order problem
    return log;
}

// Counts live instances of each type that inherits from it.
template <typename T>
struct Counted {
    static int live, made;
    Counted() { ++live; ++made; }
    Counted(const Counted &) { ++live; ++made; }
    ~Counted() { --live; }
};
template <typename T> int Counted<T>::live = 0;
template <typename T> int Counted<T>::made = 0;

struct Point {
    double x, y;
    Point operator+(Point o) const { return {x + o.x, y + o.y}; }
    Point operator-(Point o) const { return {x - o.x, y - o.y}; }
    Point operator*(double k) const { return {x * k, y * k}; }
    double cross(Point o) const { return x * o.y - y * o.x; }
    double len() const { return std::sqrt(x * x + y * y); }
};

class Shape {
public:
    explicit Shape(Point c) : center_(c) {}
    virtual ~Shape() = default;
    virtual std::string name() const = 0;
    virtual double area() const = 0;
    virtual double perimeter() const = 0;
    virtual bool contains(Point p) const = 0;
    virtual void scale(double k) = 0;
    // Non-virtual interface calling the virtual parts.
    std::string describe() const
    {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%-9s at (%6.2f,%6.2f) area %9.4f perimeter %8.4f",
                      name().c_str(), center_.x, center_.y, area(), perimeter());
        return buf;
    }
    Point center() const { return center_; }

protected:
    Point center_;
};

class Circle : public Shape, Counted<Circle> {
public:
    Circle(Point c, double r) : Shape(c), r_(r) {}
    std::string name() const override { return "circle"; }
    double area() const override { return M_PI * r_ * r_; }
    double perimeter() const override { return 2 * M_PI * r_; }
    bool contains(Point p) const override { return (p - center_).len() <= r_; }
    void scale(double k) override { r_ *= k; }
    double radius() const { return r_; }

private:
    double r_;
};

class Rect : public Shape, Counted<Rect> {
public:
    Rect(Point c, double w, double h) : Shape(c), w_(w), h_(h) {}
    std::string name() const override { return "rect"; }
    double area() const override { return w_ * h_; }
    double perimeter() const override { return 2 * (w_ + h_); }
    bool contains(Point p) const override
    {
        return std::fabs(p.x - center_.x) <= w_ / 2 && std::fabs(p.y - center_.y) <= h_ / 2;
    }
    void scale(double k) override { w_ *= k; h_ *= k; }

protected:
    double w_, h_;
};

// A second level: overrides only some of Rect's virtuals.
class Square final : public Rect {
public:
    Square(Point c, double s) : Rect(c, s, s) {}
    std::string name() const override { return "square"; }
    double side() const { return w_; }
};

class Polygon : public Shape, Counted<Polygon> {
public:
    Polygon(Point c, std::vector<Point> pts) : Shape(c), pts_(std::move(pts)) {}
    std::string name() const override { return pts_.size() == 3 ? "triangle" : "polygon"; }
    double area() const override
    {
        double a = 0;
        for (size_t i = 0; i < pts_.size(); i++)
            a += pts_[i].cross(pts_[(i + 1) % pts_.size()]);
        return std::fabs(a) / 2;
    }
    double perimeter() const override
    {
        double p = 0;
        for (size_t i = 0; i < pts_.size(); i++)
            p += (pts_[(i + 1) % pts_.size()] - pts_[i]).len();
        return p;
    }
    bool contains(Point q) const override
    {
        // Even-odd rule on the offsets from the center.
        Point r = q - center_;
        bool in = false;
        for (size_t i = 0, j = pts_.size() - 1; i < pts_.size(); j = i++) {
            const Point &a = pts_[i], &b = pts_[j];
            if ((a.y > r.y) != (b.y > r.y) && r.x < (b.x - a.x) * (r.y - a.y) / (b.y - a.y) + a.x)
                in = !in;
        }
        return in;
    }
    void scale(double k) override
    {
        for (Point &p : pts_)
            p = p * k;
    }
    size_t corners() const { return pts_.size(); }

private:
    std::vector<Point> pts_;
};

using Factory = std::function<std::unique_ptr<Shape>(Point, double)>;

std::map<std::string, Factory> &registry()
{
    static std::map<std::string, Factory> r;
    return r;
}

// One global object per shape kind registers its factory before main runs.
struct Registrar {
    Registrar(const char *kind, Factory f)
    {
        registry()[kind] = std::move(f);
        init_log().push_back(std::string("registered ") + kind);
    }
};

std::vector<Point> regular(int n, double r)
{
    std::vector<Point> v;
    for (int i = 0; i < n; i++) {
        // Exact corners for the small cases, so no libm rounding can differ.
        static const Point hex[6] = {{1, 0}, {0.5, 0.8660254037844386}, {-0.5, 0.8660254037844386},
                                     {-1, 0}, {-0.5, -0.8660254037844386}, {0.5, -0.8660254037844386}};
        static const Point sq[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
        v.push_back((n == 6 ? hex[i] : sq[i]) * r);
    }
    return v;
}

Registrar reg_circle("circle", [](Point c, double s) { return std::make_unique<Circle>(c, s); });
Registrar reg_rect("rect", [](Point c, double s) { return std::make_unique<Rect>(c, s * 2, s); });
Registrar reg_square("square", [](Point c, double s) { return std::make_unique<Square>(c, s); });
Registrar reg_tri("triangle", [](Point c, double s) {
    return std::make_unique<Polygon>(c, std::vector<Point>{{-s, -s / 2}, {s, -s / 2}, {0, s}});
});
Registrar reg_hex("hexagon", [](Point c, double s) { return std::make_unique<Polygon>(c, regular(6, s)); });
Registrar reg_diamond("diamond", [](Point c, double s) { return std::make_unique<Polygon>(c, regular(4, s)); });

// A global with a constructor that prints: stdout works before main.
struct Banner {
    Banner() { std::printf("banner: constructed before main, %zu kinds registered\n", registry().size()); }
    ~Banner() { std::printf("banner: destroyed after main\n"); }
} banner;

template <typename T>
struct Stats {
    T min{}, max{}, sum{};
    int n = 0;
    void add(T v)
    {
        if (n == 0 || v < min) min = v;
        if (n == 0 || v > max) max = v;
        sum += v;
        n++;
    }
    T mean() const { return n ? sum / n : T{}; }
};

template <typename It, typename F>
auto max_by(It first, It last, F key) -> It
{
    It best = first;
    for (It it = first; it != last; ++it)
        if (key(*it) > key(*best))
            best = it;
    return best;
}

// Rasterizes the shapes into a character grid, one letter per shape.
struct Canvas {
    static const int W = 64, H = 24;
    char cell[H][W];
    Canvas() { for (auto &row : cell) std::fill(row, row + W, '.'); }
    void draw(const Shape &s, char c)
    {
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (s.contains({x * 0.5 + 0.25, (H - 1 - y) + 0.5}))
                    cell[y][x] = c;
    }
    // Recursive 4-way fill; an empty canvas makes it recurse ~W*H deep.
    int fill(int x, int y, char from, char to, int depth, int *maxdepth)
    {
        if (x < 0 || y < 0 || x >= W || y >= H || cell[y][x] != from)
            return 0;
        if (depth > *maxdepth) *maxdepth = depth;
        cell[y][x] = to;
        return 1 + fill(x + 1, y, from, to, depth + 1, maxdepth) + fill(x - 1, y, from, to, depth + 1, maxdepth) +
               fill(x, y + 1, from, to, depth + 1, maxdepth) + fill(x, y - 1, from, to, depth + 1, maxdepth);
    }
    void print() const
    {
        for (auto &row : cell)
            std::cout << std::string(row, row + W) << '\n';
    }
};

// Parses "kind:size@x,y" (size and position optional).
std::unique_ptr<Shape> parse_spec(const std::string &spec, double scale)
{
    std::string kind = spec, rest;
    double size = 1, x = 16, y = 12;
    size_t colon = spec.find(':');
    if (colon != std::string::npos) {
        kind = spec.substr(0, colon);
        rest = spec.substr(colon + 1);
        std::replace(rest.begin(), rest.end(), '@', ' ');
        std::replace(rest.begin(), rest.end(), ',', ' ');
        std::istringstream in(rest);
        in >> size >> x >> y;
    }
    auto it = registry().find(kind);
    if (it == registry().end())
        return nullptr;
    return it->second({x, y}, size * scale);
}

}  // namespace

int main(int argc, char **argv)
{
    for (const std::string &s : init_log())
        std::cout << "init: " << s << '\n';

    const char *env = std::getenv("SHAPES_SCALE");
    double scale = env ? std::atof(env) : 1.0;
    std::cout << "scale " << std::fixed << std::setprecision(3) << scale << " from "
              << (env ? "SHAPES_SCALE" : "default") << '\n';

    std::vector<std::unique_ptr<Shape>> shapes;
    const char *builtin[] = {"circle:3@6,6", "rect:2@20,18", "square:4@26,6", "triangle:3@8,17",
                             "hexagon:2.5@16,12", "diamond:2@29,15", "circle:1.25@3,21"};
    for (const char *b : builtin)
        shapes.push_back(parse_spec(b, 1.0));
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        auto s = parse_spec(argv[i], scale);
        std::cout << "arg " << i << ": " << argv[i] << (s ? " ok" : " unknown kind") << '\n';
        if (s) shapes.push_back(std::move(s));
        else bad++;
    }

    std::cout << "\n-- as given\n";
    for (const auto &s : shapes)
        std::cout << s->describe() << '\n';

    std::sort(shapes.begin(), shapes.end(), [](const std::unique_ptr<Shape> &a, const std::unique_ptr<Shape> &b) {
        if (a->area() != b->area()) return a->area() > b->area();
        if (a->name() != b->name()) return a->name() < b->name();
        return a->center().x < b->center().x || (a->center().x == b->center().x && a->center().y < b->center().y);
    });
    std::cout << "\n-- by area, largest first\n";
    int rank = 0;
    for (const auto &s : shapes)
        std::printf("%2d. %-9s %10.5f\n", ++rank, s->name().c_str(), s->area());

    // Downcasts and RTTI.
    std::map<std::string, int> kinds;
    double radii = 0, sides = 0;
    size_t corners = 0;
    for (const auto &s : shapes) {
        const Shape &ref = *s;
        kinds[typeid(ref).name()]++;
        if (auto *c = dynamic_cast<Circle *>(s.get())) radii += c->radius();
        if (auto *q = dynamic_cast<Square *>(s.get())) sides += q->side();
        if (auto *p = dynamic_cast<Polygon *>(s.get())) corners += p->corners();
    }
    std::cout << "\n-- dynamic types\n";
    for (const auto &[k, n] : kinds)
        std::cout << std::setw(12) << k << " x" << n << '\n';
    std::cout << "sum of radii " << radii << ", square sides " << sides << ", polygon corners " << corners << '\n';

    // Statistics through a template and std::function selectors.
    std::vector<std::pair<std::string, std::function<double(const Shape &)>>> measures = {
        {"area", [](const Shape &s) { return s.area(); }},
        {"perimeter", &Shape::perimeter},
        {"compactness", [](const Shape &s) { return 4 * M_PI * s.area() / (s.perimeter() * s.perimeter()); }},
    };
    std::cout << "\n-- statistics\n";
    for (const auto &m : measures) {
        const auto &f = m.second;
        Stats<double> st;
        for (const auto &s : shapes) st.add(f(*s));
        auto best = max_by(shapes.begin(), shapes.end(), [&](const std::unique_ptr<Shape> &s) { return f(*s); });
        std::printf("%-12s min %9.4f max %9.4f mean %9.4f best %s\n", m.first.c_str(), st.min, st.max, st.mean(),
                    (*best)->name().c_str());
    }
    Stats<int> ist;
    for (int v : {7, -3, 12, 5}) ist.add(v);
    std::cout << "int stats " << ist.min << ' ' << ist.max << ' ' << ist.mean() << '\n';

    // Draw, scale, redraw; fill the background from a corner recursively.
    for (int round = 0; round < 2; round++) {
        Canvas cv;
        char c = 'a';
        for (const auto &s : shapes) cv.draw(*s, c++);
        std::cout << "\n-- canvas " << round << '\n';
        cv.print();
        int depth = 0;
        int filled = cv.fill(63, 0, '.', ' ', 0, &depth);
        std::cout << "background cells " << filled << ", recursion depth " << depth << '\n';
        for (auto &s : shapes) s->scale(round == 0 ? 0.5 : 2.0);
    }

    // A deep recursion on an empty canvas: the fill snakes through every cell.
    Canvas empty;
    int depth = 0;
    int n = empty.fill(0, 0, '.', '#', 0, &depth);
    std::cout << "empty canvas: filled " << n << ", recursion depth " << depth << '\n';

    std::cout << "live circles " << Counted<Circle>::live << " of " << Counted<Circle>::made << ", rects "
              << Counted<Rect>::live << " of " << Counted<Rect>::made << ", polygons " << Counted<Polygon>::live
              << " of " << Counted<Polygon>::made << '\n';
    shapes.clear();
    std::cout << "after clear: " << Counted<Circle>::live + Counted<Rect>::live + Counted<Polygon>::live << " live\n";
    std::cout << "unknown kinds " << bad << ", exit status " << 3 + bad << std::endl;
    return 3 + bad;
}
