using System.Globalization;
using System.Text.RegularExpressions;
using IMCSim.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// `imcsim report DIR`: the page opens in headless Chromium (Debian's, driven by Playwright) without errors or network requests,
/// its plots are the ok rows of results.csv, the failed rows are listed; breakdowns of chosen points with --sweep; bad input.
/// </summary>
public sealed class ReportCommandTests
{
    private const string Chromium = "/usr/bin/chromium";

    // adc-bits 1 with a sense amplifier fails: 4 failed rows, 8 ok ones.
    private const string CostSweep = "base:\n  model: zoo:lenet5\n  adc-type: sense-amp\nmode: cost\naxes:\n  adc-bits: [1, 4, 6]\n  cols-per-adc: [4, 8]\n  device: [pcm, rram]\n";

    [Fact]
    public async Task Report_LoadsInChromiumWithoutErrors_AndItsPlottedPointsAreTheOkRowsOfResultsCsv()
    {
        using var tmp = new TempDir();
        string dir = Sweep(tmp, CostSweep);
        var (code, stdout, stderr) = CliRunner.Run("report", dir);
        Assert.True(code == 0, stderr);
        Assert.Contains("8 points plotted", stdout, StringComparison.Ordinal);
        var rows = ResultRows(dir);
        var ok = rows.Where(r => r["status"] == "ok").ToDictionary(r => r["point"], StringComparer.Ordinal);
        var failed = rows.Where(r => r["status"] == "failed").Select(r => r["point"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, ok.Count);
        Assert.Equal(4, failed.Count);

        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.DoesNotContain(Regex.Matches(html, "(?:https?|ftp)://[^\"' ]*"), m => !m.Value.StartsWith("http://www.w3.org/", StringComparison.Ordinal));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = RepoPaths.Require(Chromium), Headless = true });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                errors.Add($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => errors.Add($"page error: {e}");
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url} {r.Failure}");
        page.Request += (_, r) => requests.Add(r.Url);
        string url = new Uri(Path.Combine(dir, "report.html")).AbsoluteUri;
        IResponse? response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        Assert.Empty(errors);
        Assert.Equal([url], requests);

        // The plots: one Pareto front (cost only), TOPS/W and TOPS/mm^2 against each of the 3 axes, each an SVG drawn at its size.
        string[] plots = await page.EvalOnSelectorAllAsync<string[]>("figure.plot", "fs => fs.map(f => f.dataset.plot)");
        Assert.Equal(["pareto-efficiency", "effect-adc-bits-tops-per-w", "effect-adc-bits-tops-per-mm2", "effect-cols-per-adc-tops-per-w", "effect-cols-per-adc-tops-per-mm2", "effect-device-tops-per-w", "effect-device-tops-per-mm2"], plots);
        double[] widths = await page.EvalOnSelectorAllAsync<double[]>("figure.plot > svg", "ss => ss.map(s => s.getBoundingClientRect().width)");
        Assert.Equal(plots.Length, widths.Length);
        Assert.All(widths, w => Assert.True(w >= 400, $"an SVG {w} px wide"));

        // Every plot's rows are the ok rows, with the cells of results.csv; the Pareto plot draws one marker per row (plus its two legend markers).
        foreach (string plot in plots)
        {
            string[][] plotted = await page.EvalOnSelectorAllAsync<string[][]>($"figure[data-plot='{plot}'] tr[data-point]", "rs => rs.map(r => [r.dataset.point, ...[...r.cells].map(c => c.textContent)])");
            Assert.Equal(ok.Keys.Order(StringComparer.Ordinal), plotted.Select(p => p[0]).Order(StringComparer.Ordinal));
            string[] columns = await page.EvalOnSelectorAllAsync<string[]>($"figure[data-plot='{plot}'] table.plotted th", "hs => hs.map(h => h.textContent)");
            foreach (string[] p in plotted)
            {
                for (int c = 1; c < columns.Length && columns[c] != "on the front"; c++)
                {
                    Assert.Equal(ok[p[0]][columns[c]], p[c + 1]);
                }
            }
        }

        int markers = await page.EvalOnSelectorAllAsync<int>("figure[data-plot='pareto-efficiency'] svg ellipse", "es => es.length");
        Assert.Equal(ok.Count + 2, markers);
        string[][] front = await page.EvalOnSelectorAllAsync<string[][]>("figure[data-plot='pareto-efficiency'] tr[data-point]", "rs => rs.map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent])");
        Assert.Equal(FrontByDefinition(front.Select(f => (D(f[0]), D(f[1]))).ToList()), front.Select(f => f[2] == "yes"));

        string[] failedShown = await page.EvalOnSelectorAllAsync<string[]>("table.failed tr[data-failed]", "rs => rs.map(r => r.dataset.failed)");
        Assert.Equal(failed, failedShown.Order(StringComparer.Ordinal));
        Assert.Contains("cost-only sweep", await page.InnerTextAsync("body"), StringComparison.Ordinal);

        string shot = tmp.File("report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 20_000, "screenshot too small to hold the plots");

        foreach (string plot in plots)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(dir, "report", plot + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }

    [Fact]
    public void WithTheSweepFile_TheChosenPointsAreBrokenDownByComponent_AndTheirTotalsAreTheRows()
    {
        using var tmp = new TempDir();
        string dir = Sweep(tmp, CostSweep);
        var (code, _, stderr) = CliRunner.Run("report", dir);
        Assert.True(code == 0, stderr);
        Assert.Contains("Not shown: results.csv holds totals only", File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "report", "breakdown-energy.png")));

        string chosen = "adc-bits=6;cols-per-adc=8;device=rram";
        string page = tmp.File("named.html");
        (code, _, stderr) = CliRunner.Run("report", dir, "--sweep", tmp.File("sweep.yaml"), "--point", chosen, "--point", "adc-bits=4;cols-per-adc=4;device=pcm", "--out", page);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(tmp.File(Path.Combine("named", "breakdown-energy.png"))));
        Assert.True(File.Exists(tmp.File(Path.Combine("named", "breakdown-area.png"))));
        var row = ResultRows(dir).Single(r => r["point"] == chosen);

        // The energy table's total (the sum of the categories) is the row's energy per image: the same cost model, evaluated again.
        string html = File.ReadAllText(page);
        var energy = Regex.Matches(html, $"<tr data-point=\"{Regex.Escape(chosen)}\">(.*?)</tr>").Select(m => Regex.Matches(m.Groups[1].Value, "<td>(.*?)</td>").Select(c => c.Groups[1].Value).ToList()).ToList();
        var inBreakdown = energy.Where(cells => cells.Count > 4).ToList();
        Assert.Equal(2, inBreakdown.Count); // energy and area tables
        Assert.Equal(row["energy_per_image_uj"], inBreakdown[0][^1]);
        Assert.Equal(D(row["energy_per_image_uj"]), D(inBreakdown[0][^2]), 4);
    }

    [Fact]
    public void BadInput_OneLineNamingTheFile_ExitCode2()
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("nowhere")), tmp.File("nowhere"), "not found");
        CliAssert.OneLineError(CliRunner.Run("report", tmp.Path), "results.csv", "not found");

        string dir = Sweep(tmp, CostSweep);
        string results = Path.Combine(dir, "results.csv");
        string good = File.ReadAllText(results);
        CliAssert.OneLineError(CliRunner.Run("report", dir, "--point", "adc-bits=9"), "--point", "adc-bits=9", "not an ok point");
        File.WriteAllText(tmp.File("other.yaml"), "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4]\n");
        CliAssert.OneLineError(CliRunner.Run("report", dir, "--sweep", tmp.File("other.yaml")), "other.yaml", "not the same sweep");

        File.WriteAllText(results, good.Replace(",ok,,", ",ok,,zero", StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("report", dir), results, "line ", "accuracy_float", "not a number");
        File.WriteAllText(results, good.Replace(",ok,,", ",ok,,,", StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("report", dir), results, "fields");
        File.WriteAllText(results, good.Replace("ok,", "done,", StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("report", dir), results, "status", "ok, failed");
        File.WriteAllText(results, "name,value\nx,1\n");
        CliAssert.OneLineError(CliRunner.Run("report", dir), results, "point");
        File.WriteAllText(results, string.Join("\n", good.Split('\n').Where(l => !l.Contains(",ok,", StringComparison.Ordinal))));
        CliAssert.OneLineError(CliRunner.Run("report", dir), results, "no ok rows");
    }

    private static string Sweep(TempDir tmp, string yaml)
    {
        string sweep = tmp.File("sweep.yaml");
        File.WriteAllText(sweep, yaml);
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        return tmp.File("out");
    }

    private static List<Dictionary<string, string>> ResultRows(string dir)
    {
        string[] lines = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static bool[] FrontByDefinition(List<(double X, double Y)> p) =>
        [.. p.Select(a => !p.Any(b => b.X >= a.X && b.Y >= a.Y && (b.X > a.X || b.Y > a.Y)))];

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
