using System.Globalization;
using System.Text;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Writes a <see cref="CrossbarCircuit"/> with row voltages as an ngspice netlist (operating point)
/// whose ammeters Vs&lt;j&gt; measure the column currents, written by `wrdata` to cols_NNNNN.txt files of
/// at most 64 columns each (first value of a data line is the scale, not a current). Zero wire
/// resistance joins nodes; zero source / sink resistance connects the source / ammeter directly;
/// cells of zero conductance are left open.
/// </summary>
public static class SpiceNetlist
{
    public const int ColumnsPerFile = 64;

    public static string Write(CrossbarCircuit c, ReadOnlySpan<double> voltages)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"* IMCSim crossbar {c.Rows} x {c.Cols}: Rs {c.SourceOhm} ohm, row wire {c.RowWireOhm} ohm, column wire {c.ColWireOhm} ohm, sink {c.SinkOhm} ohm");
        string R(int i, int j) => c.RowWireOhm == 0 ? $"r{i}_0" : $"r{i}_{j}";
        string C(int i, int j) => c.ColWireOhm == 0 ? $"c0_{j}" : $"c{i}_{j}";
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        for (int i = 0; i < c.Rows; i++)
        {
            if (c.SourceOhm == 0)
            {
                sb.AppendLine(inv, $"Vin{i} {R(i, 0)} 0 DC {F(voltages[i])}");
            }
            else
            {
                sb.AppendLine(inv, $"Vin{i} in{i} 0 DC {F(voltages[i])}");
                sb.AppendLine(inv, $"Rs{i} in{i} {R(i, 0)} {F(c.SourceOhm)}");
            }

            for (int j = 0; j < c.Cols - 1 && c.RowWireOhm > 0; j++)
            {
                sb.AppendLine(inv, $"Rr{i}_{j} {R(i, j)} {R(i, j + 1)} {F(c.RowWireOhm)}");
            }
        }

        for (int i = 0; i < c.Rows; i++)
        {
            for (int j = 0; j < c.Cols; j++)
            {
                double g = c.ConductanceS[(i * c.Cols) + j];
                if (g > 0)
                {
                    sb.AppendLine(inv, $"Rx{i}_{j} {R(i, j)} {C(i, j)} {F(1 / g)}");
                }
            }
        }

        for (int j = 0; j < c.Cols; j++)
        {
            for (int i = 0; i < c.Rows - 1 && c.ColWireOhm > 0; i++)
            {
                sb.AppendLine(inv, $"Rc{i}_{j} {C(i, j)} {C(i + 1, j)} {F(c.ColWireOhm)}");
            }

            string end = C(c.Rows - 1, j);
            if (c.SinkOhm == 0)
            {
                sb.AppendLine(inv, $"Vs{j} {end} 0 DC 0");
            }
            else
            {
                sb.AppendLine(inv, $"Rk{j} {end} o{j} {F(c.SinkOhm)}");
                sb.AppendLine(inv, $"Vs{j} o{j} 0 DC 0");
            }
        }

        sb.AppendLine(".control");
        sb.AppendLine("set wr_singlescale");
        sb.AppendLine("set wr_vecnames");
        sb.AppendLine("set numdgt=16");
        sb.AppendLine("op");
        for (int j0 = 0; j0 < c.Cols; j0 += ColumnsPerFile)
        {
            sb.Append(inv, $"wrdata cols_{j0:D5}.txt");
            for (int j = j0; j < Math.Min(c.Cols, j0 + ColumnsPerFile); j++)
            {
                sb.Append(inv, $" i(vs{j})");
            }

            sb.AppendLine();
        }

        sb.AppendLine("quit");
        sb.AppendLine(".endc");
        sb.AppendLine(".end");
        return sb.ToString();
    }
}
