using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads;
using IMCSim.Workloads.Spiking;

namespace IMCSim.Mapping.Run;

/// <summary>
/// Everything one simulation needs: the resolved settings, the model and the dataset. Made by
/// <see cref="Load"/> (reads the files the settings name) or from objects already in memory; the
/// sample count is checked against the dataset here, so a request that exists can run.
/// </summary>
public sealed class SimulationRequest
{
    public SimulationRequest(SimulationSettings settings, NetworkGraph model, ImageDataset dataset)
    {
        Settings = settings;
        Model = model;
        Dataset = dataset;
        int requested = settings.Samples;
        if (requested > dataset.Count)
        {
            throw new SettingException(SimulationSchema.Samples.Key, $"must be between 1 and the dataset's {dataset.Count} images (0 = all), got {requested}");
        }

        Samples = requested == 0 ? dataset.Count : requested;
        if (settings.IsGiven(SimulationSchema.CalibrationImages) && settings.Mapping.CalibrationImages > dataset.Count)
        {
            throw new SettingException(SimulationSchema.CalibrationImages.Key, $"must be between 1 and the dataset's {dataset.Count} images, got {settings.Mapping.CalibrationImages}");
        }

        SnnParameters = Spiking.SpikingSetup.Sidecar(settings);
    }

    /// <summary>A trained SNN's sidecar (<see cref="SimulationSchema.SnnParams"/>), read and validated; null when none is named.</summary>
    public SnnParameters? SnnParameters { get; }

    public SimulationSettings Settings { get; }

    public NetworkGraph Model { get; }

    public ImageDataset Dataset { get; }

    /// <summary>Images to run (the setting's 0 = all resolved).</summary>
    public int Samples { get; }

    public string ModelLabel => Settings.ModelPath ?? WorkloadFiles.DefaultModelLabel;

    public static SimulationRequest Load(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = WorkloadFiles.LoadModel(settings.ModelPath);
        return new(settings, model, WorkloadFiles.LoadDataset(settings.DatasetPath, model));
    }
}
