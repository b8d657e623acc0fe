// Copyright (c) StreamingStt contributors. MIT License.
using System.Globalization;
using System.Net;
using System.Text;

namespace StreamingStt.LoadBench;

/// <summary>Minimal SVG charts (grouped bars, lines): no plotting library needed, readable in any browser or on GitHub.</summary>
internal static class SvgChart
{
    private static readonly string[] Colors = { "#1f77b4", "#2ca02c", "#7f7f7f", "#d62728" };
    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Bars(string title, string[] groups, List<(string Name, double?[] Values)> series, string unit)
    {
        const int Width = 860, Height = 400, Left = 60, Right = 20, Top = 50, Bottom = 80;
        double max = series.SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(1).Max() * 1.15;
        var svg = Start(Width, Height, title);
        Axis(svg, Left, Top, Width - Right, Height - Bottom, max, unit);
        double groupWidth = (Width - Left - Right) / (double)Math.Max(1, groups.Length);
        double barWidth = groupWidth * 0.8 / series.Count;
        for (int g = 0; g < groups.Length; g++)
        {
            double x0 = Left + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.Count; s++)
            {
                if (series[s].Values[g] is not double value) continue;
                double h = value / max * (Height - Top - Bottom);
                double x = x0 + s * barWidth;
                svg.Append($"<rect x=\"{N(x)}\" y=\"{N(Height - Bottom - h)}\" width=\"{N(barWidth - 2)}\" height=\"{N(h)}\" fill=\"{Colors[s % Colors.Length]}\"/>");
                svg.Append($"<text x=\"{N(x + barWidth / 2)}\" y=\"{N(Height - Bottom - h - 3)}\" font-size=\"10\" text-anchor=\"middle\">{value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)}</text>");
            }
            svg.Append($"<text x=\"{N(x0 + groupWidth * 0.4)}\" y=\"{Height - Bottom + 16}\" font-size=\"12\" text-anchor=\"middle\">{WebUtility.HtmlEncode(groups[g])}</text>");
        }
        Legend(svg, series.Select(s => s.Name).ToArray(), Left, Height - 30);
        return svg.Append("</svg>\n").ToString();
    }

    public static string Lines(string title, string xLabel, (string Name, (double X, double Y)[] Points)[] series)
    {
        const int Width = 860, Height = 400, Left = 60, Right = 20, Top = 50, Bottom = 80;
        double maxY = series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max() * 1.15;
        double maxX = series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max();
        var svg = Start(Width, Height, title);
        Axis(svg, Left, Top, Width - Right, Height - Bottom, maxY, "%");
        double X(double x) => Left + x / maxX * (Width - Left - Right);
        double Y(double y) => Height - Bottom - y / maxY * (Height - Top - Bottom);
        for (int s = 0; s < series.Length; s++)
        {
            string points = string.Join(' ', series[s].Points.Select(p => $"{N(X(p.X))},{N(Y(p.Y))}"));
            svg.Append($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{Colors[s % Colors.Length]}\" stroke-width=\"2\"/>");
            foreach ((double x, double y) in series[s].Points)
            {
                svg.Append($"<circle cx=\"{N(X(x))}\" cy=\"{N(Y(y))}\" r=\"3\" fill=\"{Colors[s % Colors.Length]}\"/>");
                svg.Append($"<text x=\"{N(X(x))}\" y=\"{N(Y(y) - 6)}\" font-size=\"10\" text-anchor=\"middle\">{N(y)}</text>");
            }
        }
        foreach (double x in series.SelectMany(s => s.Points).Select(p => p.X).Distinct())
        {
            svg.Append($"<text x=\"{N(X(x))}\" y=\"{Height - Bottom + 16}\" font-size=\"12\" text-anchor=\"middle\">{N(x)}</text>");
        }
        svg.Append($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - Bottom + 34}\" font-size=\"12\" text-anchor=\"middle\">{xLabel}</text>");
        Legend(svg, series.Select(s => s.Name).ToArray(), Left, Height - 20);
        return svg.Append("</svg>\n").ToString();
    }

    private static StringBuilder Start(int width, int height, string title) => new StringBuilder()
        .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">")
        .Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>")
        .Append($"<text x=\"{width / 2}\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">{WebUtility.HtmlEncode(title)}</text>");

    private static void Axis(StringBuilder svg, int left, int top, int right, int bottom, double max, string unit)
    {
        svg.Append($"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"black\"/>");
        svg.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>");
        for (int i = 0; i <= 4; i++)
        {
            double value = max * i / 4;
            double y = bottom - (bottom - top) * i / 4.0;
            svg.Append($"<line x1=\"{left}\" y1=\"{N(y)}\" x2=\"{right}\" y2=\"{N(y)}\" stroke=\"#ddd\"/>");
            svg.Append($"<text x=\"{left - 4}\" y=\"{N(y + 4)}\" font-size=\"10\" text-anchor=\"end\">{value.ToString(max < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} {unit}</text>");
        }
    }

    private static void Legend(StringBuilder svg, string[] names, int x, int y)
    {
        for (int i = 0; i < names.Length; i++)
        {
            int lx = x + i * 200;
            svg.Append($"<rect x=\"{lx}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Colors[i % Colors.Length]}\"/>");
            svg.Append($"<text x=\"{lx + 16}\" y=\"{y}\" font-size=\"12\">{WebUtility.HtmlEncode(names[i])}</text>");
        }
    }
}
