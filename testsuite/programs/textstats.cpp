// textstats.cpp - a C++ program for the real-programs suite: text statistics
// over a built-in corpus plus the words given as arguments, with std::string,
// std::unordered_map/std::map/std::set, std::sort with lambdas, a std::function
// pipeline, templates, global objects built before main, stringstreams and
// iomanip, a recursive-descent expression evaluator driven deep by nested
// parentheses, an environment variable, and an exit status.  Built for
// wasm32-wasi against libc++ and natively against libstdc++; run.sh requires
// the same stdout and status.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

const char *const corpus[] = {
    "A compiler reads a program in one language and writes the same program in another.",
    "The front end checks the input, the middle end improves it, and the back end emits",
    "machine code for the target. An ahead-of-time compiler does all of this before the",
    "program runs, so the program starts at full speed and needs no compiler at run time.",
    "WebAssembly is a small stack machine with structured control flow, typed locals,",
    "one linear memory, and tables of functions for indirect calls. Every access to the",
    "linear memory is checked, every indirect call is checked against its type, and a",
    "failed check traps instead of corrupting the host. The checks cost little when the",
    "compiler places guard pages after the memory and lets the hardware do the work.",
    "Programs talk to the outside world through WASI: arguments, the environment, clocks,",
    "files in directories that the host opened for them, and an exit status at the end.",
    "A test that builds the same source natively and for WebAssembly, runs both, and",
    "compares what they print is a simple and strong check that the compiler is right.",
};

// Built before main: the words not worth counting, and a label table.
const std::set<std::string> stopwords = {"a",  "an", "and", "at", "for", "in", "is",  "it",
                                         "of", "so", "the", "to", "that", "with", "its", "no"};
const std::map<int, std::string> length_names = {{1, "tiny"}, {4, "short"}, {7, "medium"}, {10, "long"}};
int globals_ready = [] {
    std::printf("globals: %zu stopwords, %zu length classes\n", stopwords.size(), length_names.size());
    return 1;
}();

std::string length_class(size_t n)
{
    auto it = length_names.upper_bound(static_cast<int>(n));
    return std::prev(it)->second;
}

// The k largest items by a comparator, kept in a sorted vector.
template <typename T, typename Better>
class TopK {
public:
    TopK(size_t k, Better better) : k_(k), better_(better) {}
    void offer(const T &v)
    {
        auto pos = std::upper_bound(items_.begin(), items_.end(), v, better_);
        if (static_cast<size_t>(pos - items_.begin()) >= k_) return;
        items_.insert(pos, v);
        if (items_.size() > k_) items_.pop_back();
    }
    const std::vector<T> &items() const { return items_; }

private:
    size_t k_;
    Better better_;
    std::vector<T> items_;
};

template <typename Map>
std::vector<std::pair<typename Map::key_type, typename Map::mapped_type>> sorted_items(const Map &m)
{
    std::vector<std::pair<typename Map::key_type, typename Map::mapped_type>> v(m.begin(), m.end());
    std::sort(v.begin(), v.end());
    return v;
}

using Stage = std::function<std::string(const std::string &)>;

std::vector<std::string> tokenize(const std::string &line, const std::vector<Stage> &pipeline)
{
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        for (const Stage &st : pipeline) word = st(word);
        if (!word.empty()) out.push_back(word);
        word.clear();
    };
    for (char c : line) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'') word += c;
        else flush();
    }
    flush();
    return out;
}

uint32_t fnv1a(const std::string &s, uint32_t h = 2166136261u)
{
    for (unsigned char c : s) { h ^= c; h *= 16777619u; }
    return h;
}

// Recursive-descent evaluator over doubles:
//   expr := term (('+'|'-') term)*   term := factor (('*'|'/') factor)*
//   factor := number | '(' expr ')' | '-' factor
class Parser {
public:
    explicit Parser(std::string s) : s_(std::move(s)) {}
    bool eval(double *out)
    {
        pos_ = 0; maxdepth_ = 0; ok_ = true;
        double v = expr(0);
        skip();
        if (pos_ != s_.size()) ok_ = false;
        *out = v;
        return ok_;
    }
    int maxdepth() const { return maxdepth_; }

private:
    void skip() { while (pos_ < s_.size() && s_[pos_] == ' ') pos_++; }
    bool eat(char c)
    {
        skip();
        if (pos_ < s_.size() && s_[pos_] == c) { pos_++; return true; }
        return false;
    }
    double expr(int d)
    {
        double v = term(d);
        for (;;) {
            if (eat('+')) v += term(d);
            else if (eat('-')) v -= term(d);
            else return v;
        }
    }
    double term(int d)
    {
        double v = factor(d);
        for (;;) {
            if (eat('*')) v *= factor(d);
            else if (eat('/')) v /= factor(d);
            else return v;
        }
    }
    double factor(int d)
    {
        maxdepth_ = std::max(maxdepth_, d);
        if (eat('(')) {
            double v = expr(d + 1);
            if (!eat(')')) ok_ = false;
            return v;
        }
        if (eat('-')) return -factor(d + 1);
        skip();
        size_t start = pos_;
        while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) pos_++;
        if (start == pos_) { ok_ = false; return 0; }
        return std::strtod(s_.substr(start, pos_ - start).c_str(), nullptr);
    }

    std::string s_;
    size_t pos_ = 0;
    int maxdepth_ = 0;
    bool ok_ = true;
};

bool looks_like_expr(const std::string &s)
{
    return !s.empty() && s.find_first_not_of("0123456789.+-*/() ") == std::string::npos;
}

}  // namespace

int main(int argc, char **argv)
{
    const char *top_env = std::getenv("TEXTSTATS_TOP");
    size_t top = top_env ? std::strtoul(top_env, nullptr, 10) : 5;
    std::cout << "top " << top << (top_env ? " (TEXTSTATS_TOP)" : " (default)") << '\n';

    std::vector<Stage> pipeline = {
        [](const std::string &w) {
            std::string r;
            for (char c : w) r += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return r;
        },
        [](const std::string &w) {   // trim leading/trailing '-' and '\''
            size_t b = w.find_first_not_of("-'"), e = w.find_last_not_of("-'");
            return b == std::string::npos ? std::string() : w.substr(b, e - b + 1);
        },
    };

    std::vector<std::string> lines(std::begin(corpus), std::end(corpus));
    std::vector<std::string> exprs;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (looks_like_expr(a)) exprs.push_back(a);
        else lines.push_back(a);
    }

    std::unordered_map<std::string, int> freq;
    std::map<std::string, std::set<int>> where;   // word -> line numbers
    std::map<std::string, int> by_class;
    size_t nwords = 0, nchars = 0;
    for (size_t i = 0; i < lines.size(); i++) {
        for (const std::string &w : tokenize(lines[i], pipeline)) {
            nwords++;
            nchars += w.size();
            by_class[length_class(w.size())]++;
            if (stopwords.count(w)) continue;
            freq[w]++;
            where[w].insert(static_cast<int>(i + 1));
        }
    }
    std::cout << "lines " << lines.size() << ", words " << nwords << ", distinct non-stopwords " << freq.size()
              << '\n';
    std::printf("mean word length %.4f\n", static_cast<double>(nchars) / nwords);

    auto better = [](const std::pair<std::string, int> &a, const std::pair<std::string, int> &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    TopK<std::pair<std::string, int>, decltype(better)> tk(top, better);
    for (const auto &kv : freq) tk.offer(kv);
    std::cout << "\n-- most frequent\n";
    for (const auto &[w, n] : tk.items()) {
        std::ostringstream lines_of;
        const char *sep = "";
        for (int l : where[w]) { lines_of << sep << l; sep = ","; }
        std::cout << std::setw(14) << std::left << w << std::right << std::setw(4) << n << "  lines "
                  << lines_of.str() << '\n';
    }

    std::vector<std::pair<std::string, int>> all(freq.begin(), freq.end());
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
        return a.first.size() != b.first.size() ? a.first.size() > b.first.size() : a.first < b.first;
    });
    std::cout << "\n-- longest words\n";
    for (size_t i = 0; i < all.size() && i < 6; i++)
        std::cout << std::setw(2) << all[i].first.size() << ' ' << all[i].first << '\n';

    std::cout << "\n-- length classes\n";
    for (const auto &[cls, n] : sorted_items(by_class))
        std::cout << std::setw(7) << cls << ' ' << std::string(static_cast<size_t>(n) / 4, '*') << ' ' << n << '\n';

    std::cout << "\n-- letters\n";
    std::map<char, int> letters;
    for (const std::string &l : lines)
        for (char c : l)
            if (std::isalpha(static_cast<unsigned char>(c))) letters[static_cast<char>(std::tolower(c))]++;
    int total = std::accumulate(letters.begin(), letters.end(), 0, [](int s, const auto &kv) { return s + kv.second; });
    int col = 0;
    for (const auto &[c, n] : letters) {
        std::printf("%c %5.2f%%%s", c, 100.0 * n / total, ++col % 6 ? "   " : "\n");
    }
    if (col % 6) std::printf("\n");

    std::cout << "\n-- by first letter\n";
    std::unordered_map<char, std::vector<std::string>> groups;
    for (const auto &kv : freq) groups[kv.first[0]].push_back(kv.first);
    std::vector<char> keys;
    for (const auto &g : groups) keys.push_back(g.first);
    std::sort(keys.begin(), keys.end());
    for (char k : keys) {
        auto &ws = groups[k];
        if (ws.size() < 4) continue;
        std::sort(ws.begin(), ws.end(), std::greater<std::string>());
        std::cout << k << ':';
        for (const auto &w : ws) std::cout << ' ' << w;
        std::cout << '\n';
    }

    std::cout << "\n-- rot13 of line 1, reversed words of line 2\n";
    std::string rot = lines[0];
    std::transform(rot.begin(), rot.end(), rot.begin(), [](char c) {
        if (c >= 'a' && c <= 'z') return static_cast<char>('a' + (c - 'a' + 13) % 26);
        if (c >= 'A' && c <= 'Z') return static_cast<char>('A' + (c - 'A' + 13) % 26);
        return c;
    });
    std::cout << rot << '\n';
    std::istringstream in(lines[1]);
    std::vector<std::string> ws{std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
    std::reverse(ws.begin(), ws.end());
    for (size_t i = 0; i < ws.size(); i++) std::cout << (i ? " " : "") << ws[i];
    std::cout << '\n';

    // Expressions from the arguments, then one nested 3000 parentheses deep.
    std::cout << "\n-- expressions\n";
    std::string deep = std::string(3000, '(') + "1.5" + std::string(3000, ')') + " * 2";
    exprs.push_back(deep);
    int errors = 0;
    for (const std::string &e : exprs) {
        Parser p(e);
        double v;
        bool ok = p.eval(&v);
        std::string shown = e.size() > 40 ? e.substr(0, 18) + "..." + e.substr(e.size() - 18) : e;
        if (ok)
            std::cout << std::setw(42) << std::left << shown << std::right << " = " << std::fixed
                      << std::setprecision(6) << v << " (depth " << p.maxdepth() << ")\n";
        else {
            std::cout << std::setw(42) << std::left << shown << std::right << " : syntax error\n";
            errors++;
        }
    }

    uint32_t h = 2166136261u;
    for (const auto &kv : sorted_items(freq)) h = fnv1a(kv.first + "=" + std::to_string(kv.second) + ";", h);
    std::printf("\nchecksum %08x, errors %d\n", h, errors);
    return errors ? 5 : 3;
}
