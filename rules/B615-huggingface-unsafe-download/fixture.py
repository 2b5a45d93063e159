from transformers import AutoModel, AutoTokenizer
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
import transformers

REV = "main"

# ruleid: B615
model = AutoModel.from_pretrained("bert-base-uncased")

# ruleid: B615
tok = transformers.AutoTokenizer.from_pretrained("gpt2", revision="main")

# ruleid: B615
ds = load_dataset("imdb")

# ruleid: B615
hf_hub_download(repo_id="org/model", filename="config.json")

# ruleid: B615
snapshot_download("org/model", revision="v1.0")

# A short hash is not a commit hash.
# ruleid: B615
AutoModel.from_pretrained("bert-base-uncased", revision="abc12")

# ok: B615
AutoModel.from_pretrained("bert-base-uncased", revision="5546055f03398095e385d7dc625e636cc8910bf2")

# ok: B615
load_dataset("imdb", revision="a1b2c3d")

# ok: B615
hf_hub_download(repo_id="org/model", filename="x.bin", commit_id="0123456789abcdef")

# A non-literal revision is not judged.
# ok: B615
AutoModel.from_pretrained("bert-base-uncased", revision=REV)

# A local path.
# ok: B615
AutoModel.from_pretrained("./local-model")

# ok: B615
AutoTokenizer.from_pretrained("/opt/models/gpt2")

# Not a Hugging Face call.
# ok: B615
other.from_pretrained("x")
