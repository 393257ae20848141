"""Writes core/nn/onnx/fixtures/torch-cnn.onnx and torch-cnn.json: a small CNN exported by
PyTorch's own ONNX exporter (torch.onnx.export, eval mode) and its outputs on a few
deterministic images, computed by PyTorch. core/nn/onnx/torch-fixture.test.ts imports the
file and compares: an external oracle for the importer (a real exporter's graph: its
Conv+BatchNorm fusion, Flatten, Gemm, and a batch norm it cannot fuse).

Run with Debian's python3-torch: /usr/bin/python3 scripts/onnx/export-torch-fixture.py
"""
import json
import os

import torch
from torch import nn

torch.manual_seed(15)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)  # after a conv: the exporter fuses it into conv1
        self.conv2 = nn.Conv2d(4, 4, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4)  # after a ReLU: stays a BatchNormalization node
        self.skip = nn.Conv2d(4, 4, 1)
        self.pool = nn.MaxPool2d(2)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 5)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))  # 8x8 -> 4x4
        y = self.bn2(torch.relu(self.conv2(x)))  # 4x4 -> 2x2
        y = y + self.skip(y)
        y = torch.sigmoid(self.gap(y))
        return self.fc(torch.flatten(y, 1))


net = Net()
for bn in (net.bn1, net.bn2):
    bn.running_mean.uniform_(-0.5, 0.5)
    bn.running_var.uniform_(0.5, 2.0)
    bn.weight.data.uniform_(0.5, 1.5)
    bn.bias.data.uniform_(-0.2, 0.2)
net.eval()

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'core', 'nn', 'onnx', 'fixtures')
os.makedirs(out, exist_ok=True)
torch.onnx.export(
    net,
    torch.zeros(1, 3, 8, 8),
    os.path.join(out, 'torch-cnn.onnx'),
    input_names=['image'],
    output_names=['logits'],
    dynamic_axes={'image': {0: 'N'}, 'logits': {0: 'N'}},
    opset_version=13,
)

# Images as bytes, height x width x channel (the spinplan layout), and what PyTorch computes on them (pixels / 255, NCHW).
count = 4
images = [(i * 7919 + 13) % 256 for i in range(count * 8 * 8 * 3)]
x = torch.tensor(images, dtype=torch.float32).reshape(count, 8, 8, 3).permute(0, 3, 1, 2) / 255
with torch.no_grad():
    logits = net(x)
with open(os.path.join(out, 'torch-cnn.json'), 'w') as f:
    json.dump({'torch': torch.__version__, 'images': images, 'logits': logits.reshape(-1).tolist()}, f)
print('wrote', out)
