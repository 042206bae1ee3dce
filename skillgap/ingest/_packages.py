"""Package names (PyPI, conda, npm) → the skill names a reader (and the taxonomy) uses.

Dependency files are rendered one line per dependency, e.g. ``PyTorch (requirements.txt:
torch>=2.0)``: the skill name for the matcher, the file and the requirement as written for the
reader. Names are compared after :func:`normalise` (PEP 503: lower case, runs of ``-_.`` → ``-``).
"""

from __future__ import annotations

import re

__all__ = ["MODULES", "PACKAGES", "annotate_code", "normalise", "skill_name"]

PACKAGES: dict[str, str] = {
    # deep learning
    "torch": "PyTorch",
    "pytorch": "PyTorch",
    "torchvision": "PyTorch (torchvision)",
    "torchaudio": "PyTorch (torchaudio)",
    "pytorch-lightning": "PyTorch Lightning",
    "lightning": "PyTorch Lightning",
    "tensorflow": "TensorFlow",
    "tensorflow-gpu": "TensorFlow",
    "tensorflow-cpu": "TensorFlow",
    "tf-nightly": "TensorFlow",
    "tensorflow-hub": "TensorFlow Hub",
    "keras": "Keras",
    "tf-keras": "Keras",
    "jax": "JAX",
    "jaxlib": "JAX",
    "flax": "JAX (Flax)",
    "onnx": "ONNX",
    "onnxruntime": "ONNX Runtime",
    "onnxruntime-gpu": "ONNX Runtime",
    "tensorrt": "TensorRT",
    "timm": "PyTorch Image Models (timm)",
    # NLP / LLM
    "transformers": "Hugging Face Transformers",
    "datasets": "Hugging Face Datasets",
    "huggingface-hub": "Hugging Face Hub",
    "tokenizers": "Hugging Face Tokenizers",
    "accelerate": "Hugging Face Accelerate",
    "peft": "PEFT (LoRA fine-tuning)",
    "sentence-transformers": "Sentence Transformers (embeddings)",
    "spacy": "spaCy",
    "nltk": "NLTK",
    "gensim": "Gensim (word2vec)",
    "langchain": "LangChain",
    "langchain-core": "LangChain",
    "langchain-community": "LangChain",
    "langchain-openai": "LangChain",
    "langgraph": "LangGraph (LangChain agents)",
    "llama-index": "LlamaIndex",
    "llama-index-core": "LlamaIndex",
    "openai": "OpenAI API (LLM)",
    "anthropic": "Anthropic API (LLM)",
    "tiktoken": "tiktoken (LLM tokenizer)",
    "faiss-cpu": "FAISS (vector search)",
    "faiss-gpu": "FAISS (vector search)",
    "chromadb": "Chroma (vector database)",
    "pinecone-client": "Pinecone (vector database)",
    "pinecone": "Pinecone (vector database)",
    "qdrant-client": "Qdrant (vector database)",
    "weaviate-client": "Weaviate (vector database)",
    "pgvector": "pgvector (vector database)",
    "vllm": "vLLM (LLM serving)",
    "bitsandbytes": "bitsandbytes (quantization)",
    # classical ML / data
    "scikit-learn": "scikit-learn",
    "sklearn": "scikit-learn",
    "xgboost": "XGBoost",
    "lightgbm": "LightGBM",
    "catboost": "CatBoost",
    "statsmodels": "statsmodels",
    "scipy": "SciPy",
    "numpy": "NumPy",
    "pandas": "pandas",
    "polars": "Polars",
    "dask": "Dask",
    "pyarrow": "Apache Arrow (Parquet)",
    "fastparquet": "Parquet",
    "pyspark": "PySpark",
    "ray": "Ray",
    "optuna": "Optuna (hyperparameter tuning)",
    "hyperopt": "Hyperopt (hyperparameter tuning)",
    "shap": "SHAP",
    "lime": "LIME",
    "imbalanced-learn": "imbalanced-learn (imbalanced data)",
    "prophet": "Prophet (time-series forecasting)",
    "fbprophet": "Prophet (time-series forecasting)",
    "pmdarima": "ARIMA (time-series forecasting)",
    "sktime": "sktime (time-series forecasting)",
    "surprise": "Surprise (recommender systems)",
    "scikit-surprise": "Surprise (recommender systems)",
    "implicit": "implicit (recommender systems)",
    "networkx": "NetworkX (graphs)",
    "torch-geometric": "PyTorch Geometric (graph neural networks)",
    "gymnasium": "Gymnasium (reinforcement learning)",
    "gym": "OpenAI Gym (reinforcement learning)",
    "stable-baselines3": "Stable-Baselines3 (reinforcement learning)",
    "joblib": "joblib",
    "opencv-python": "OpenCV",
    "opencv-python-headless": "OpenCV",
    "opencv-contrib-python": "OpenCV",
    "pillow": "Pillow (image processing)",
    "scikit-image": "scikit-image (image processing)",
    "albumentations": "Albumentations (data augmentation)",
    "ultralytics": "YOLO (Ultralytics)",
    "pytesseract": "OCR (pytesseract)",
    "easyocr": "OCR (EasyOCR)",
    "beautifulsoup4": "BeautifulSoup (web scraping)",
    "bs4": "BeautifulSoup (web scraping)",
    "scrapy": "Scrapy (web scraping)",
    "selenium": "Selenium (web scraping)",
    "great-expectations": "Great Expectations (data quality)",
    "pandera": "pandera (data quality)",
    "featuretools": "featuretools (feature engineering)",
    "category-encoders": "categorical encoding",
    # visualisation / apps
    "matplotlib": "Matplotlib",
    "seaborn": "Seaborn",
    "plotly": "Plotly",
    "bokeh": "Bokeh",
    "altair": "Altair",
    "streamlit": "Streamlit",
    "gradio": "Gradio",
    "dash": "Dash (Plotly)",
    "jupyter": "Jupyter",
    "jupyterlab": "Jupyter",
    "notebook": "Jupyter",
    "ipykernel": "Jupyter",
    # MLOps / serving
    "mlflow": "MLflow",
    "dvc": "DVC",
    "wandb": "Weights & Biases",
    "comet-ml": "Comet (experiment tracking)",
    "neptune-client": "Neptune (experiment tracking)",
    "tensorboard": "TensorBoard",
    "bentoml": "BentoML (model serving)",
    "kserve": "KServe (model serving)",
    "evidently": "Evidently (model monitoring)",
    "prometheus-client": "Prometheus (monitoring)",
    "apache-airflow": "Apache Airflow",
    "prefect": "Prefect (workflow orchestration)",
    "dagster": "Dagster (workflow orchestration)",
    "kfp": "Kubeflow Pipelines",
    "zenml": "ZenML",
    "feast": "Feast (feature store)",
    "hydra-core": "Hydra (configuration)",
    "fastapi": "FastAPI",
    "flask": "Flask",
    "django": "Django",
    "uvicorn": "Uvicorn (ASGI server)",
    "gunicorn": "Gunicorn",
    "pydantic": "Pydantic",
    "celery": "Celery",
    "grpcio": "gRPC",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    # data stores and cloud
    "psycopg2": "PostgreSQL",
    "psycopg2-binary": "PostgreSQL",
    "psycopg": "PostgreSQL",
    "asyncpg": "PostgreSQL",
    "pymysql": "MySQL",
    "mysqlclient": "MySQL",
    "mysql-connector-python": "MySQL",
    "sqlalchemy": "SQL (SQLAlchemy)",
    "pymongo": "MongoDB",
    "redis": "Redis",
    "elasticsearch": "Elasticsearch",
    "kafka-python": "Apache Kafka",
    "confluent-kafka": "Apache Kafka",
    "snowflake-connector-python": "Snowflake",
    "databricks-sdk": "Databricks",
    "databricks-connect": "Databricks",
    "dbt-core": "dbt",
    "boto3": "AWS (boto3)",
    "botocore": "AWS (boto3)",
    "sagemaker": "Amazon SageMaker",
    "awscli": "AWS",
    "s3fs": "Amazon S3",
    "google-cloud-bigquery": "BigQuery",
    "google-cloud-storage": "Google Cloud Storage",
    "google-cloud-aiplatform": "Vertex AI",
    "azure-ai-ml": "Azure Machine Learning",
    "azureml-core": "Azure Machine Learning",
    "azure-storage-blob": "Microsoft Azure",
    "pyodbc": "SQL (ODBC)",
    # testing and tooling
    "pytest": "pytest (unit tests)",
    "pytest-cov": "pytest (test coverage)",
    "hypothesis": "Hypothesis (property-based tests)",
    "tox": "tox (automated testing)",
    "black": "black (code formatting)",
    "ruff": "ruff (linting)",
    "flake8": "flake8 (linting)",
    "pylint": "pylint (linting)",
    "mypy": "mypy (type checking)",
    "pre-commit": "pre-commit",
    "sphinx": "Sphinx (documentation)",
    "mkdocs": "MkDocs (documentation)",
    # npm
    "react": "React",
    "react-dom": "React",
    "next": "Next.js",
    "vue": "Vue.js",
    "@angular/core": "Angular",
    "typescript": "TypeScript",
    "express": "Express (Node.js)",
    "tailwindcss": "Tailwind CSS",
    "@tensorflow/tfjs": "TensorFlow.js",
    "jest": "Jest (unit tests)",
    "redux": "Redux",
    "@reduxjs/toolkit": "Redux",
}


# import names that differ from the package name
MODULES: dict[str, str] = {
    "cv2": "OpenCV",
    "sklearn": "scikit-learn",
    "PIL": "Pillow (image processing)",
    "bs4": "BeautifulSoup (web scraping)",
    "skimage": "scikit-image (image processing)",
    "tf": "TensorFlow",
    "pl": "PyTorch Lightning",
    "np": "NumPy",
    "pd": "pandas",
    "mpl": "Matplotlib",
    "sns": "Seaborn",
    "xgb": "XGBoost",
    "lgb": "LightGBM",
}


def annotate_code(line: str) -> str:
    """An import or install line with the skill names of its packages appended.

    >>> annotate_code("from sklearn.model_selection import train_test_split")
    'from sklearn.model_selection import train_test_split (scikit-learn)'
    """
    names: list[str] = []
    m = re.match(r"^\s*(?:from\s+([\w]+)|import\s+([\w]+(?:\s*,\s*[\w.]+)*))", line)
    if m:
        mods = (
            [m.group(1)] if m.group(1) else [x.strip().split(".")[0] for x in m.group(2).split(",")]
        )
        names = [MODULES.get(mod) or skill_name(mod) or "" for mod in mods]
    else:
        inst = re.search(r"\b(?:install|add)\s+(.+)$", line)
        if inst:
            names = [
                skill_name(re.split(r"[<>=~!\[]", tok)[0]) or ""
                for tok in inst.group(1).split()
                if not tok.startswith("-")
            ]
    labels = [n for n in dict.fromkeys(names) if n and n.lower() not in line.lower()]
    return f"{line} ({', '.join(labels)})" if labels else line


def normalise(name: str) -> str:
    """PEP 503 normal form of a package name.

    >>> normalise("Scikit_Learn")
    'scikit-learn'
    """
    return re.sub(r"[-_.]+", "-", name.strip().lower())


def skill_name(package: str) -> str | None:
    """The skill name shown for a package, or None if the package is not in the map.

    >>> skill_name("opencv-python"), skill_name("left-pad")
    ('OpenCV', None)
    """
    return PACKAGES.get(normalise(package)) or PACKAGES.get(package.strip().lower())
