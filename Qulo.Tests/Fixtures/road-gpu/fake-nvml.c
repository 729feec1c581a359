/*
 * A stand-in for libnvidia-ml.so.1 on machines without an NVIDIA driver, so that the agent's NVML calls
 * (signatures, structure layouts, units, return codes) run for real. It answers with an H100's numbers
 * (the same as GPU 0 of h100-sxm.stdout) for GPU 0, GPU_IS_LOST (15) for every query of GPU 1, and an
 * unknown error (999) for the handle of GPU 2. Built by the GPU end-to-end test with gcc.
 */
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
typedef int *nvmlDevice_t;

enum { SUCCESS = 0, INVALID_ARGUMENT = 2, NOT_SUPPORTED = 3, INSUFFICIENT_SIZE = 7, GPU_IS_LOST = 15, VERSION_MISMATCH = 25, UNKNOWN = 999 };

static int devices[2];
#define CHECK(device) if ((device) == &devices[1]) return GPU_IS_LOST; if ((device) != &devices[0]) return INVALID_ARGUMENT

const char *nvmlErrorString(int result)
{
    switch (result) {
    case GPU_IS_LOST: return "GPU is lost";
    case NOT_SUPPORTED: return "Not Supported";
    case INVALID_ARGUMENT: return "Invalid Argument";
    default: return "Unknown Error";
    }
}

int nvmlInit_v2(void) { return SUCCESS; }

int nvmlDeviceGetCount_v2(unsigned int *count) { *count = 3; return SUCCESS; }

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)
{
    if (index > 1) return UNKNOWN;
    *device = &devices[index];
    return SUCCESS;
}

int nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)
{
    CHECK(device);
    utilization->gpu = 97;
    utilization->memory = 41;
    return SUCCESS;
}

#define TOTAL 85520809984ULL    /* 81559 MiB */
#define USED 74695311360ULL     /* 71235 MiB, as nvidia-smi shows it */
#define RESERVED 644939776ULL   /* 615 MiB the driver keeps, counted as used by the v1 call */

int nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)
{
    CHECK(device);
    memory->total = TOTAL;
    memory->used = USED + RESERVED;
    memory->free = TOTAL - memory->used;
    return SUCCESS;
}

int nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory)
{
    CHECK(device);
    if (memory->version != (sizeof(nvmlMemory_v2_t) | 2u << 24)) return VERSION_MISMATCH;
    memory->total = TOTAL;
    memory->reserved = RESERVED;
    memory->used = USED;
    memory->free = TOTAL - RESERVED - USED;
    return SUCCESS;
}

int nvmlDeviceGetTemperature(nvmlDevice_t device, int sensor, unsigned int *celsius)
{
    CHECK(device);
    if (sensor != 0) return INVALID_ARGUMENT; /* NVML_TEMPERATURE_GPU */
    *celsius = 62;
    return SUCCESS;
}

int nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *milliwatts) { CHECK(device); *milliwatts = 598120; return SUCCESS; }

int nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *milliwatts) { CHECK(device); *milliwatts = 700000; return SUCCESS; }

int nvmlDeviceGetClockInfo(nvmlDevice_t device, int type, unsigned int *mhz)
{
    CHECK(device);
    switch (type) {
    case 1: *mhz = 1980; return SUCCESS; /* NVML_CLOCK_SM */
    case 2: *mhz = 2619; return SUCCESS; /* NVML_CLOCK_MEM */
    default: return INVALID_ARGUMENT;
    }
}

int nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *percent) { CHECK(device); (void)percent; return NOT_SUPPORTED; } /* SXM: no fan */

int nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, int type, int counter, unsigned long long *count)
{
    CHECK(device);
    if (counter != 0) return INVALID_ARGUMENT; /* NVML_VOLATILE_ECC */
    *count = type == 0 ? 2 : 0;              /* corrected, uncorrected */
    return SUCCESS;
}

int nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *count, void *infos)
{
    CHECK(device);
    if (*count < 3 || infos == 0) { *count = 3; return INSUFFICIENT_SIZE; }
    return SUCCESS;
}
